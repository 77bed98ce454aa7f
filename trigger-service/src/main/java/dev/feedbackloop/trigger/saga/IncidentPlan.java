package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.rules.RuleAction;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.kernel.trigger.CreateTestCase;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.kernel.trigger.RequestAutoAction;
import dev.feedbackloop.kernel.trigger.RequestPipelineRun;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.trigger.ticket.TicketPriority;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The commands that carry out a rule's actions for one incident, in the rule's order. Every id is derived from the
 * incident's id and the action's place in the rule, so carrying out the same plan twice (a retried event, a
 * restarted saga) creates nothing twice: the aggregates ignore a creation they already had.
 * <p>
 * {@code prioritize_improvement} works on the incident's tickets: they are created first and then raised one step,
 * with the negative-feedback count as the reason; a rule that prioritises without creating a ticket gets a high one.
 * {@code auto_action} is announced on the incident ({@code AutoActionRequested}) for pipelines to carry out.
 * An incident opens with its rule's severity (an alert's level) and priority; another level of the same alert that
 * begins to hold later gets a plan of its own ({@link #ofLevel}).
 */
public record IncidentPlan(String incidentId, List<Object> commands, List<String> alertIds, List<String> runIds) {

    public static final String SYSTEM = "system";
    /**
     * The version an evaluation run snapshots when the condition's scope names none (a rule over the whole agent):
     * whatever version serves the agent's traffic when the pipeline runs it.
     */
    public static final String CURRENT_VERSION = "current";

    public static String incidentId(TriggerConditionMet met) {
        return id("inc-", met.conditionKey() + "@" + met.at());
    }

    static String id(String prefix, String seed) {
        return prefix + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The plan that opens the incident: its OpenIncident, then the rule's actions.
     *
     * @param rule      the rule as the rule file says now (null when it is no longer there: the incident is recorded
     *                  and nothing else is done)
     * @param now       wall-clock time: the work starts now, whatever the event time of the condition
     * @param exemplars a failure cluster's exemplars by cluster id
     */
    public static IncidentPlan of(TriggerRule rule, TriggerConditionMet met, Instant now,
                                  Function<String, List<Exemplar>> exemplars) {
        String incidentId = incidentId(met);
        List<RuleAction> actions = rule == null ? List.of() : rule.actions();
        Severity severity = severity(rule);
        List<Object> commands = new ArrayList<>();
        commands.add(new OpenIncident(incidentId, met.agentId(), met.rule(), met.metric(), met.scope(), met.value(),
                met.baseline(), met.threshold(), met.since(), actions.stream().map(RuleAction::type).toList(), met.at(),
                severity, priority(rule), now));
        return plan(incidentId, incidentId, rule, met, now, exemplars, commands);
    }

    /**
     * The plan of another level of an alert that begins to hold while the incident is open: its alerts and auto
     * action, with ids of their own (the level may hold several times in one incident).
     */
    public static IncidentPlan ofLevel(String incidentId, TriggerRule rule, TriggerConditionMet met, Instant now,
                                       Function<String, List<Exemplar>> exemplars) {
        return plan(incidentId, incidentId + "/" + met.rule() + "@" + met.at(), rule, met, now, exemplars,
                new ArrayList<>());
    }

    /** The severity of a rule's incident: an alert's level, else its first alert action's, else warning. */
    public static Severity severity(TriggerRule rule) {
        if (rule == null) {
            return Severity.WARNING;
        }
        if (rule.isAlert()) {
            return Severity.fromWireName(rule.level().severity());
        }
        return rule.actions().stream().filter(a -> a.type().equals("alert")).findFirst()
                .map(a -> Severity.fromWireName(a.parameters().get("severity"))).orElse(Severity.WARNING);
    }

    /** The priority of a rule's incident: the one an alert names, else its severity's. */
    public static IncidentPriority priority(TriggerRule rule) {
        if (rule != null && rule.isAlert() && rule.level().priority() != null) {
            return IncidentPriority.fromWireName(rule.level().priority());
        }
        return IncidentPriority.of(severity(rule));
    }

    private static IncidentPlan plan(String incidentId, String seedBase, TriggerRule rule, TriggerConditionMet met,
                                     Instant now, Function<String, List<Exemplar>> exemplars, List<Object> commands) {
        List<RuleAction> actions = rule == null ? List.of() : rule.actions();
        List<String> alertIds = new ArrayList<>();
        List<String> ticketIds = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        Severity severity = severity(rule);
        long affected = affectedVolume(met);
        String title = title(met);
        for (int i = 0; i < actions.size(); i++) {
            RuleAction action = actions.get(i);
            String seed = seedBase + "/" + i;
            Map<String, String> p = action.parameters();
            switch (action.type()) {
                case "alert" -> {
                    String alertId = id("al-", seed);
                    alertIds.add(alertId);
                    commands.add(new RaiseAlert(alertId, incidentId, met.agentId(), met.rule(), p.get("channel"),
                            Severity.fromWireName(p.get("severity")), title, summary(met), p.get("runbook"),
                            met.scope(), now));
                }
                case "create_ticket" -> {
                    String ticketId = id("tk-", seed);
                    ticketIds.add(ticketId);
                    commands.add(new CreateTicket(ticketId, incidentId, met.agentId(), met.rule(), title, summary(met),
                            TicketPriority.rank(Priority.fromWireName(p.get("priority")), severity, affected), severity,
                            affected, met.scope(), now));
                }
                case "snapshot_evaluation", "trigger_evaluation" -> {
                    String runId = id("ev-", seed);
                    runIds.add(runId);
                    commands.add(new RequestEvaluationRun(runId, incidentId, met.agentId(),
                            met.scope().getOrDefault("agent_version", CURRENT_VERSION), p.get("dataset"), title, now));
                }
                case "trigger_pipeline" -> {
                    String runId = id("pl-", seed);
                    runIds.add(runId);
                    Map<String, String> parameters = new LinkedHashMap<>(met.scope());
                    parameters.put("rule", met.rule());
                    commands.add(new RequestPipelineRun(runId, incidentId, met.agentId(), p.get("pipeline"), parameters,
                            title, now));
                }
                case "create_test_cases" -> {
                    String clusterId = met.scope().get("cluster_id");
                    if (clusterId != null) {
                        // a test case replays the input the agent got: a failure recorded without one (or with a
                        // text no test case can hold) cannot become one, and sending it would fail the whole batch
                        for (Exemplar e : exemplars.apply(clusterId).stream().filter(Exemplar::canBecomeATestCase).toList()) {
                            commands.add(new CreateTestCase(id("tc-", incidentId + "/" + e.feedbackId()), incidentId,
                                    met.agentId(), clusterId, e.feedbackId(), e.traceId(), e.intentCategory(), e.input(),
                                    e.observed(), e.expected(), now));
                        }
                    }
                }
                case "auto_action" -> commands.add(new RequestAutoAction(incidentId, met.rule(), p.get("action"),
                        severity, met.at()));
                default -> {
                    // prioritize_improvement is done once the tickets exist; the rule file admits no other type
                }
            }
        }
        if (actions.stream().anyMatch(a -> a.type().equals("prioritize_improvement"))) {
            String reason = "improvement prioritised: " + title;
            if (ticketIds.isEmpty()) {
                commands.add(new CreateTicket(id("tk-", seedBase + "/improvement"), incidentId, met.agentId(),
                        met.rule(), title, summary(met), TicketPriority.rank(Priority.HIGH, severity, affected),
                        severity, affected, met.scope(), now));
            }
            for (Object command : List.copyOf(commands)) {
                if (command instanceof CreateTicket ticket && ticket.priority() != Priority.CRITICAL) {
                    commands.add(new PrioritizeTicket(ticket.ticketId(),
                            Priority.values()[ticket.priority().ordinal() + 1], reason, SYSTEM, now));
                }
            }
        }
        return new IncidentPlan(incidentId, List.copyOf(commands), List.copyOf(alertIds), List.copyOf(runIds));
    }

    /** How many feedback the condition is about, where its metric counts them; 0 where it is a rate. */
    static long affectedVolume(TriggerConditionMet met) {
        return met.value() != null && Metric.byName(met.metric()).map(Metric::isCount).orElse(false)
                ? Math.round(met.value()) : 0;
    }

    /** e.g. "performance_degradation: task_success_rate 0.72 (< 0.80) for agent_id=support-bot". */
    static String title(TriggerConditionMet met) {
        StringBuilder out = new StringBuilder(met.rule()).append(": ").append(met.metric());
        if (met.value() != null) {
            out.append(' ').append(format(met.value()));
        }
        if (met.threshold() != null) {
            out.append(" (").append(met.threshold()).append(')');
        }
        return out.append(" for ").append(scope(met.scope())).toString();
    }

    static String summary(TriggerConditionMet met) {
        StringBuilder out = new StringBuilder("Rule ").append(met.rule()).append(" holds for ").append(scope(met.scope()))
                .append(" since ").append(met.since()).append(" (event time).");
        if (met.value() != null) {
            out.append(' ').append(met.metric()).append(" is ").append(format(met.value()));
            if (met.baseline() != null) {
                out.append(" against a baseline of ").append(format(met.baseline()));
            }
            if (met.threshold() != null) {
                out.append("; threshold ").append(met.threshold());
            }
            out.append('.');
        }
        return out.toString();
    }

    static String scope(Map<String, String> scope) {
        return scope.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String format(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
