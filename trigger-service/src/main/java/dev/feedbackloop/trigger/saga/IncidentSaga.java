package dev.feedbackloop.trigger.saga;

import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.kernel.trigger.ChangeIncidentSeverity;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.EvaluationRunFailed;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.EvaluationRunTimedOut;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.PipelineRunFailed;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.kernel.trigger.Severity;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One incident: a rule's condition that holds for one scope. Started by {@link TriggerConditionMet}, it opens the
 * incident and carries out the rule's actions ({@link IncidentPlan}). While it lives, the condition holding again
 * opens nothing new: one open incident per rule and scope. When the condition clears, the incident's alerts are
 * resolved; the saga ends once the condition has cleared and every run it requested has ended (judged, failed or timed
 * out), after the cool-down if one is set, or when the incident's timeout passes. An event condition (a model release)
 * never clears: its incident ends when its work is done. When a command of the actions fails (a store down), the
 * actions are carried out again after {@code retry-delay}, doubling, up to {@code max-attempts}: every id is derived
 * from the incident, so what was already done is not done twice.
 * <p>
 * The levels of an alert (warning and critical on one metric and scope) share one incident
 * ({@link TriggerConditionMet#incidentKey()}): the first level to hold opens it; another one holding raises its own
 * alerts and moves the incident to the highest severity (and most urgent priority) among the levels that hold; a
 * level that stops holding while another still holds resolves its alerts and moves the severity back; the incident
 * clears when no level holds.
 */
@Saga
@ProcessingGroup(IncidentSaga.PROCESSING_GROUP)
public class IncidentSaga {

    public static final String PROCESSING_GROUP = "trigger-incident-saga";
    static final String TIMEOUT = "incident-timeout";
    static final String COOL_DOWN = "incident-cool-down";
    /** The association's name, kept from when an incident was one rule's: it now holds the incident key. */
    static final String CONDITION = "conditionKey";
    static final String INCIDENT_KEY = "incidentKey";
    static final String RUN = "runId";
    static final String RETRY = "incident-retry";
    static final String SENT = "incident-actions-sent";
    static final String FAILED = "incident-actions-failed";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IncidentSaga.class);

    private String incidentId;
    private boolean cleared;
    private boolean coolingDown;
    private boolean timedOut;
    /** The condition that opened the incident: what its actions are carried out for. */
    private TriggerConditionMet condition;
    private boolean actionsCarriedOut;
    /** A batch of actions was sent without its answer yet (see {@link #carryOut}). */
    private boolean sending;
    private int attempts;
    /** The condition's clearing, kept until the actions are carried out. */
    private TriggerConditionCleared clearing;
    private List<String> alertIds = new ArrayList<>();
    private Set<String> openRuns = new HashSet<>();
    /** The levels (rules) that hold now, by rule name; empty for an incident opened before levels existed. */
    private Map<String, TriggerConditionMet> levels = new LinkedHashMap<>();
    /** The alerts each level raised, by rule name, to resolve when that level stops holding. */
    private Map<String, List<String>> alertsByLevel = new LinkedHashMap<>();
    /** Levels that began to hold whose actions are still to be carried out, oldest first. */
    private List<TriggerConditionMet> pendingLevels = new ArrayList<>();
    /** The severity and priority the incident has. */
    private Severity severity;
    private IncidentPriority priority;


    @StartSaga
    @SagaEventHandler(associationProperty = INCIDENT_KEY, keyName = CONDITION)
    void on(TriggerConditionMet met, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        if (incidentId != null) {
            if (levels.containsKey(met.rule())) {
                return;     // the same level, delivered again
            }
            // the same rule and scope (or another level of the alert) hold while this incident lives: still one incident
            boolean recurred = cleared;
            boolean anotherLevel = met.severity() != null && !levels.isEmpty();
            levels.put(met.rule(), met);
            if (recurred) {
                cleared = false;
                if (coolingDown) {
                    coolingDown = false;
                    work.deadlines().cancelAllWithinScope(COOL_DOWN);
                }
                work.send(new RecordIncidentRecurrence(incidentId, met.value(), met.at()));
            }
            if (met.severity() != null && (anotherLevel || recurred)) {
                pendingLevels.add(met);
                carryOut(work);
            }
            return;
        }
        TriggerRule rule = work.rules().rule(met.rule()).orElse(null);
        IncidentPlan plan = IncidentPlan.of(rule, met, work.clock().instant(), work.exemplars()::ofCluster);
        incidentId = plan.incidentId();
        condition = met;
        levels.put(met.rule(), met);
        severity = IncidentPlan.severity(rule);
        priority = IncidentPlan.priority(rule);
        alertIds = new ArrayList<>(plan.alertIds());
        alertsByLevel.put(met.rule(), new ArrayList<>(plan.alertIds()));
        openRuns = new HashSet<>(plan.runIds());
        openRuns.forEach(run -> SagaLifecycle.associateWith(RUN, run));
        cleared = rule != null && rule.condition().isEvent();
        work.deadlines().schedule(work.settings().timeout(), TIMEOUT);
        carryOut(work);
    }

    @DeadlineHandler(deadlineName = RETRY)
    void onRetry(DeadlineMessage<?> deadline, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        carryOut(new Work(commands, rules, settings, clock, exemplars, deadlines));
    }

    /** The news that a batch of actions sent without waiting was carried out (see {@link #carryOut}). */
    @DeadlineHandler(deadlineName = SENT)
    void onSent(ActionsSent sent, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        carried(new Work(commands, rules, settings, clock, exemplars, deadlines), sent);
    }

    /** The news that a command of a batch sent without waiting failed. */
    @DeadlineHandler(deadlineName = FAILED)
    void onFailed(String failure, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        failed(new Work(commands, rules, settings, clock, exemplars, deadlines), failure);
    }

    /**
     * Sends what is still to be done, in order and without waiting: the opening plan, then the new levels' severity
     * and plans. The saga takes the outcome into its state when it is known: at once when the command bus answered
     * in the handler's thread (the platform's in-process bus), otherwise when the answer comes back to this saga as
     * a {@value #SENT} or {@value #FAILED} deadline. Until then no other batch is sent. When a command fails, the
     * batch is sent again later (every id is derived from the incident, so what was done is not done twice).
     */
    private void carryOut(Work work) {
        if (sending) {
            return;     // the batch on its way is answered first; the levels added meanwhile follow it
        }
        List<Object> batch = new ArrayList<>();
        Map<String, List<String>> levelAlerts = new LinkedHashMap<>();
        Severity target = severity;
        IncidentPriority urgency = priority;
        try {
            if (!actionsCarriedOut) {
                batch.addAll(IncidentPlan.of(work.rules().rule(condition.rule()).orElse(null), condition,
                        work.clock().instant(), work.exemplars()::ofCluster).commands());
            }
            if (!pendingLevels.isEmpty()) {
                TriggerConditionMet first = pendingLevels.get(0);
                SeverityMove move = severityMove(work);
                if (move != null && (move.severity() != severity || move.priority() != priority)) {
                    batch.add(new ChangeIncidentSeverity(incidentId, move.severity(), move.priority(), first.rule(),
                            first.value(), first.at(), work.clock().instant()));
                    target = move.severity();
                    urgency = move.priority();
                }
                for (TriggerConditionMet level : pendingLevels) {
                    IncidentPlan plan = IncidentPlan.ofLevel(incidentId, work.rules().rule(level.rule()).orElse(null), level,
                            work.clock().instant(), work.exemplars()::ofCluster);
                    batch.addAll(plan.commands());
                    levelAlerts.put(level.rule(), plan.alertIds());
                }
            }
        } catch (RuntimeException e) {
            failed(work, e.toString());     // the plan could not be made (its exemplars are read from the store)
            return;
        }
        ActionsSent sent = new ActionsSent(levelAlerts, target, urgency);
        CompletableFuture<Object> done = work.sendInOrder(batch);
        if (done.isDone()) {
            outcome(done).ifPresentOrElse(failure -> failed(work, failure), () -> carried(work, sent));
            return;
        }
        sending = true;
        // the answer comes on another thread, after this handler: the saga is addressed by its scope then
        ScopeDescriptor saga = SagaLifecycle.describeCurrentScope();
        DeadlineManager deadlines = work.deadlines();
        done.whenComplete((result, failure) -> {
            if (failure == null) {
                deadlines.schedule(Duration.ZERO, SENT, sent, saga);
            } else {
                deadlines.schedule(Duration.ZERO, FAILED, String.valueOf(failure), saga);
            }
        });
    }

    /** A batch was carried out: its levels are done, their alerts are the incident's. Then what waited follows. */
    private void carried(Work work, ActionsSent sent) {
        sending = false;
        attempts = 0;
        actionsCarriedOut = true;
        sent.levelAlerts().forEach((rule, alerts) -> {
            pendingLevels.removeIf(level -> level.rule().equals(rule));
            if (levels.containsKey(rule)) {
                alertIds.addAll(alerts);
                alertsByLevel.computeIfAbsent(rule, r -> new ArrayList<>()).addAll(alerts);
            } else {
                // the level stopped holding while its alerts were on their way
                alerts.forEach(alertId -> work.send(new ResolveAlert(alertId, IncidentPlan.SYSTEM,
                        rule + " stopped holding", work.clock().instant())));
            }
        });
        if (sent.severity() != null) {
            severity = sent.severity();
            priority = sent.priority();
        }
        proceed(work);
    }

    /** A command of the batch failed: tried again after {@code retry-delay}, doubling, up to {@code max-attempts}. */
    private void failed(Work work, String failure) {
        sending = false;
        attempts++;
        if (attempts < work.settings().maxAttempts()) {
            Duration delay = work.settings().retryDelay().multipliedBy(1L << Math.min(attempts - 1, 10));
            log.warn("Incident {}: carrying out the actions of rule {} failed (attempt {} of {}); again in {}: {}",
                    incidentId, condition.rule(), attempts, work.settings().maxAttempts(), delay, failure);
            work.deadlines().schedule(delay, RETRY);
            return;
        }
        log.error("Incident {}: gave up carrying out the actions of rule {} after {} attempts: {}", incidentId,
                condition.rule(), attempts, failure);
        actionsCarriedOut = true;
        pendingLevels.clear();
        proceed(work);
    }

    /** After a batch: the levels that began to hold meanwhile, a clearing that waited, or the end. */
    private void proceed(Work work) {
        if (!pendingLevels.isEmpty()) {
            carryOut(work);
            return;
        }
        if (clearing != null) {
            clear(work, clearing);
        }
        endIfDone(work);
    }

    /** The highest severity and most urgent priority among the levels that hold; null when none has a severity. */
    private SeverityMove severityMove(Work work) {
        Severity target = null;
        IncidentPriority urgency = null;
        for (TriggerConditionMet level : levels.values()) {
            TriggerRule levelRule = work.rules().rule(level.rule()).orElse(null);
            Severity s = level.severity() == null ? IncidentPlan.severity(levelRule) : Severity.fromWireName(level.severity());
            target = target == null || s.ordinal() > target.ordinal() ? s : target;
        }
        if (target == null) {
            return null;
        }
        for (TriggerConditionMet level : levels.values()) {
            TriggerRule levelRule = work.rules().rule(level.rule()).orElse(null);
            if (level.severity() != null && Severity.fromWireName(level.severity()) == target) {
                IncidentPriority p = IncidentPlan.priority(levelRule);
                urgency = urgency == null ? p : urgency.atLeast(p);
            }
        }
        return new SeverityMove(target, urgency == null ? IncidentPriority.of(target) : urgency);
    }

    /** Moves the incident back (or up) when a level stops holding: sent at once, outside any batch. */
    private void moveSeverity(Work work, String rule, Double value, java.time.Instant at) {
        SeverityMove move = severityMove(work);
        if (move != null && (move.severity() != severity || move.priority() != priority)) {
            work.send(new ChangeIncidentSeverity(incidentId, move.severity(), move.priority(), rule, value, at,
                    work.clock().instant()));
            severity = move.severity();
            priority = move.priority();
        }
    }

    @SagaEventHandler(associationProperty = INCIDENT_KEY, keyName = CONDITION)
    void on(TriggerConditionCleared event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        if (cleared) {
            return;
        }
        if (!levels.isEmpty() && !levels.containsKey(event.rule())) {
            return;     // a level that did not hold (or was cleared already)
        }
        levels.remove(event.rule());
        if (!levels.isEmpty()) {
            // another level still holds: this one's alerts are resolved and the severity moves back
            pendingLevels.removeIf(level -> level.rule().equals(event.rule()));
            List<String> levelAlerts = alertsByLevel.getOrDefault(event.rule(), List.of());
            for (String alertId : levelAlerts) {
                work.send(new ResolveAlert(alertId, IncidentPlan.SYSTEM, event.rule() + " stopped holding at " + event.at(),
                        work.clock().instant()));
            }
            alertIds.removeAll(levelAlerts);
            alertsByLevel.remove(event.rule());
            if (actionsCarriedOut) {
                moveSeverity(work, event.rule(), event.value(), event.at());
            }
            return;
        }
        cleared = true;
        pendingLevels.clear();
        if (!actionsCarriedOut || sending) {
            clearing = event;
            return;
        }
        clear(work, event);
        endIfDone(work);
    }

    private void clear(Work work, TriggerConditionCleared event) {
        clearing = null;
        work.send(new ClearIncident(incidentId, event.value(), event.at()));
        for (String alertId : alertIds) {
            work.send(new ResolveAlert(alertId, IncidentPlan.SYSTEM, "the condition cleared at " + event.at(), work.clock().instant()));
        }
        alertsByLevel.clear();
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunJudged event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        runEnded(work, event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunFailed event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        runEnded(work, event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(EvaluationRunTimedOut event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        runEnded(work, event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(PipelineRunCompleted event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        runEnded(work, event.runId());
    }

    @SagaEventHandler(associationProperty = RUN)
    void on(PipelineRunFailed event, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        runEnded(work, event.runId());
    }

    @DeadlineHandler(deadlineName = COOL_DOWN)
    void onCoolDownOver(DeadlineMessage<?> deadline, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        coolingDown = false;
        close(work, "work_done");
    }

    @DeadlineHandler(deadlineName = TIMEOUT)
    void onTimeout(DeadlineMessage<?> deadline, CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars, DeadlineManager deadlines) {
        Work work = new Work(commands, rules, settings, clock, exemplars, deadlines);
        timedOut = true;
        close(work, "timed_out");
    }

    private void runEnded(Work work, String runId) {
        openRuns.remove(runId);
        SagaLifecycle.removeAssociationWith(RUN, runId);
        endIfDone(work);
    }

    private void endIfDone(Work work) {
        if (!actionsCarriedOut || sending || !cleared || !openRuns.isEmpty() || coolingDown) {
            return;
        }
        if (work.settings().coolDown().isZero()) {
            close(work, "work_done");
        } else {
            coolingDown = true;
            work.deadlines().schedule(work.settings().coolDown(), COOL_DOWN);
        }
    }

    /** Cancels the deadlines still pending (not the one firing now), closes the incident and ends the saga. */
    private void close(Work work, String reason) {
        if (!timedOut) {
            work.deadlines().cancelAllWithinScope(TIMEOUT);
        }
        if (coolingDown) {
            work.deadlines().cancelAllWithinScope(COOL_DOWN);
        }
        if (!actionsCarriedOut || !pendingLevels.isEmpty()) {
            work.deadlines().cancelAllWithinScope(RETRY);
        }
        work.send(new CloseIncident(incidentId, reason, work.clock().instant()));
        SagaLifecycle.end();
    }

    /** What a batch of actions did, for the saga to take into its state once the commands are carried out. */
    public record ActionsSent(Map<String, List<String>> levelAlerts, Severity severity, IncidentPriority priority) {
    }

    private record SeverityMove(Severity severity, IncidentPriority priority) {
    }

    /** The failure a completed future holds, if any. */
    private static java.util.Optional<String> outcome(CompletableFuture<Object> done) {
        try {
            done.join();
            return java.util.Optional.empty();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return java.util.Optional.of(String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }

    /**
     * The infrastructure a handler was given, passed down to the steps it takes, and the commands it sent so far:
     * each is sent once the previous one is answered, none is waited for. Never part of the saga's state: Axon resolves
     * the infrastructure per invocation (Spring beans in the platform, the fixture's resources in tests).
     */
    private static final class Work {
        private final CommandGateway commands;
        private final RuleBook rules;
        private final IncidentSettings settings;
        private final Clock clock;
        private final Exemplars exemplars;
        private final DeadlineManager deadlines;
        private CompletableFuture<Object> tail = CompletableFuture.completedFuture(null);

        Work(CommandGateway commands, RuleBook rules, IncidentSettings settings, Clock clock, Exemplars exemplars,
             DeadlineManager deadlines) {
            this.commands = commands;
            this.rules = rules;
            this.settings = settings;
            this.clock = clock;
            this.exemplars = exemplars;
            this.deadlines = deadlines;
        }

        RuleBook rules() {
            return rules;
        }

        IncidentSettings settings() {
            return settings;
        }

        Clock clock() {
            return clock;
        }

        Exemplars exemplars() {
            return exemplars;
        }

        DeadlineManager deadlines() {
            return deadlines;
        }

        /** Sends a command after the ones before it; a failure is logged (each of these is idempotent and advisory). */
        void send(Object command) {
            CompletableFuture<Object> sent = tail.handle((r, e) -> null).thenCompose(ignored -> dispatch(command));
            sent.whenComplete((r, failure) -> {
                if (failure != null) {
                    log.warn("Sending {} failed: {}", command.getClass().getSimpleName(), failure.toString());
                }
            });
            tail = sent;
        }

        /** Sends a batch in order after the commands before it; the future fails with the first command that fails. */
        CompletableFuture<Object> sendInOrder(List<Object> batch) {
            CompletableFuture<Object> sent = tail.handle((r, e) -> null);
            for (Object command : batch) {
                sent = sent.thenCompose(previous -> dispatch(command));
            }
            tail = sent;
            return sent;
        }

        private CompletableFuture<Object> dispatch(Object command) {
            try {
                return commands.send(command);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
