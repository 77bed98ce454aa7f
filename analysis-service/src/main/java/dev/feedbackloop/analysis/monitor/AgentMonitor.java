package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftBaselineReleased;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.PinDriftBaseline;
import dev.feedbackloop.kernel.analysis.PsiRule;
import dev.feedbackloop.kernel.analysis.RecordClusterSize;
import dev.feedbackloop.kernel.analysis.RecordConditions;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import dev.feedbackloop.kernel.analysis.RecordModelRelease;
import dev.feedbackloop.kernel.analysis.RecordReleaseDecision;
import dev.feedbackloop.kernel.analysis.ReleaseDriftBaseline;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One agent's monitor. It receives the evaluations in event time and turns levels into incidents: a feature
 * drifts once when its PSI reaches the significant level and is resolved once it falls below the moderate one (so an
 * incident does not flap between the two), and a rule condition is met once and cleared once. Evaluations at or
 * before the last recorded one are ignored: re-running an evaluation never records anything twice.
 */
@Aggregate
public class AgentMonitor {

    public static final double SIGNIFICANT = 0.25;
    public static final double MODERATE = 0.1;

    @AggregateIdentifier
    private String stream;
    private String agentId;
    private Instant lastEvaluatedAt;
    private final Set<String> driftingFeatures = new HashSet<>();
    /** Met conditions by key (rule and scope). */
    private final Set<String> metConditions = new HashSet<>();
    /** When (event time) each condition was last met or cleared. */
    private final Map<String, Instant> lastTransition = new java.util.HashMap<>();
    private boolean baselinePinned;

    protected AgentMonitor() {
    }

    static String conditionKey(String rule, Map<String, String> scope) {
        return rule + "|" + scope;
    }

    static Map<String, String> featureScope(String agentId, String feature) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", agentId);
        scope.put("feature", feature);
        return scope;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordEvaluation command) {
        if (lastEvaluatedAt != null && !command.evaluatedAt().isAfter(lastEvaluatedAt)) {
            return;
        }
        apply(new DriftMeasured(command.agentId(), command.evaluatedAt(), command.currentFrom(), command.referenceFrom(),
                command.referenceTo(), command.drift()));
        for (FeatureDrift drift : command.drift()) {
            if (drift.psi() == null) {
                continue;
            }
            double psi = drift.psi();
            if (!driftingFeatures.contains(drift.feature()) && psi >= SIGNIFICANT) {
                apply(new DriftDetected(command.agentId(), drift.feature(), psi, command.evaluatedAt()));
            } else if (driftingFeatures.contains(drift.feature()) && psi < MODERATE) {
                apply(new DriftResolved(command.agentId(), drift.feature(), psi, command.evaluatedAt()));
            }
            for (PsiRule rule : command.psiRules()) {
                Map<String, String> scope = featureScope(command.agentId(), drift.feature());
                boolean met = metConditions.contains(conditionKey(rule.rule(), scope));
                if (!met && psi > rule.above()) {
                    apply(new TriggerConditionMet(command.agentId(), rule.rule(), "input_distribution_psi", scope, psi,
                            null, rule.threshold(), command.evaluatedAt(), command.evaluatedAt()));
                } else if (met && psi < MODERATE) {
                    apply(new TriggerConditionCleared(command.agentId(), rule.rule(), "input_distribution_psi", scope,
                            psi, command.evaluatedAt()));
                }
            }
        }
        for (ConditionState state : command.conditions()) {
            record(command.agentId(), state, command.evaluatedAt());
        }
    }

    /**
     * The states of conditions evaluated apart from the hourly evaluation (each minute, or on operational metrics),
     * in event-time order. Each condition keeps its own time: a state at or before its last change is ignored.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordConditions command) {
        for (ConditionState state : command.states()) {
            record(command.agentId(), state, state.at());
        }
    }

    /** Meets or clears a condition once per change; a state from before its last change changes nothing. */
    private void record(String agentId, ConditionState state, Instant evaluatedAt) {
        if (state.met() == null) {
            return;
        }
        Instant at = state.at() == null ? evaluatedAt : state.at();
        String key = conditionKey(state.rule(), state.scope());
        Instant last = lastTransition.get(key);
        if (last != null && !at.isAfter(last)) {
            return;
        }
        boolean met = metConditions.contains(key);
        if (state.met() && !met) {
            apply(new TriggerConditionMet(agentId, state.rule(), state.metric(), state.scope(), state.value(),
                    state.baseline(), state.threshold(), state.since() == null ? at : state.since(), at,
                    state.severity()));
        } else if (!state.met() && met) {
            apply(new TriggerConditionCleared(agentId, state.rule(), state.metric(), state.scope(), state.value(), at,
                    state.severity()));
        }
    }

    /** Met once per rule and version; such a condition is an event, it never clears. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordModelRelease command) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", command.agentId());
        scope.put("agent_version", command.version());
        for (String rule : command.rules()) {
            if (!metConditions.contains(conditionKey(rule, scope))) {
                apply(new TriggerConditionMet(command.agentId(), rule, "model_version_released", scope, null, null,
                        null, command.releasedAt(), command.releasedAt()));
            }
        }
    }

    /**
     * Met once per rule, release and stage: a canary's rollback or pause is an event, it never clears. A release that
     * is paused again at a later stage meets the rule again; the same decision replayed meets nothing.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordReleaseDecision command) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", command.agentId());
        scope.put("agent_version", command.version());
        scope.put("release_id", command.releaseId());
        scope.put("stage_percentage", Integer.toString(command.percentage()));
        for (String rule : command.rules()) {
            if (!metConditions.contains(conditionKey(rule, scope))) {
                apply(new TriggerConditionMet(command.agentId(), rule, command.event(), scope, command.value(),
                        command.baseline(), command.trigger(), command.decidedAt(), command.decidedAt()));
            }
        }
    }

    /**
     * Met once when an open cluster's 24-hour size passes the rule, cleared when the cluster closes. A size older
     * than the cluster's last transition is ignored, so replaying the cluster's history records nothing twice.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordClusterSize command) {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("agent_id", command.agentId());
        scope.put("cluster_id", command.clusterId());
        command.rules().forEach((rule, threshold) -> {
            String key = conditionKey(rule, scope);
            Instant last = lastTransition.get(key);
            if (last != null && command.at().isBefore(last)) {
                return;
            }
            boolean met = metConditions.contains(key);
            if (!met && command.open() && threshold.holds(command.sizeLast24h(), null)) {
                apply(new TriggerConditionMet(command.agentId(), rule, "clustered_failures", scope,
                        (double) command.sizeLast24h(), null, threshold.toString(), command.at(), command.at()));
            } else if (met && !command.open()) {
                apply(new TriggerConditionCleared(command.agentId(), rule, "clustered_failures", scope,
                        (double) command.sizeLast24h(), command.at()));
            }
        });
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PinDriftBaseline command) {
        if (command.from() == null || command.to() == null || !command.from().isBefore(command.to())) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "from must be before to");
        }
        if (command.to().isAfter(command.pinnedAt())) {
            throw new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, "to must not be in the future");
        }
        apply(new DriftBaselinePinned(command.agentId(), command.from(), command.to(), command.pinnedAt()));
    }

    @CommandHandler
    public void handle(ReleaseDriftBaseline command) {
        if (!baselinePinned) {
            throw new BusinessRuleViolation(ErrorCode.NOT_FOUND, "agent " + command.agentId() + " has no pinned baseline");
        }
        apply(new DriftBaselineReleased(command.agentId(), command.releasedAt()));
    }

    @EventSourcingHandler
    void on(DriftMeasured event) {
        agentId = event.agentId();
        stream = Streams.agentMonitor(agentId);
        lastEvaluatedAt = event.evaluatedAt();
    }

    @EventSourcingHandler
    void on(DriftDetected event) {
        driftingFeatures.add(event.feature());
    }

    @EventSourcingHandler
    void on(DriftResolved event) {
        driftingFeatures.remove(event.feature());
    }

    @EventSourcingHandler
    void on(TriggerConditionMet event) {
        agentId = event.agentId();
        stream = Streams.agentMonitor(agentId);
        metConditions.add(conditionKey(event.rule(), event.scope()));
        lastTransition.put(conditionKey(event.rule(), event.scope()), event.at());
    }

    @EventSourcingHandler
    void on(TriggerConditionCleared event) {
        metConditions.remove(conditionKey(event.rule(), event.scope()));
        lastTransition.put(conditionKey(event.rule(), event.scope()), event.at());
    }

    @EventSourcingHandler
    void on(DriftBaselinePinned event) {
        agentId = event.agentId();
        stream = Streams.agentMonitor(agentId);
        baselinePinned = true;
    }

    @EventSourcingHandler
    void on(DriftBaselineReleased event) {
        baselinePinned = false;
    }
}
