package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftBaselineReleased;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.analysis.MonitorEvent;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.cycle.BacklogItemDecided;
import dev.feedbackloop.kernel.cycle.BacklogItemMoved;
import dev.feedbackloop.kernel.cycle.CycleBacklogRanked;
import dev.feedbackloop.kernel.cycle.CycleEvent;
import dev.feedbackloop.kernel.cycle.CycleMeasured;
import dev.feedbackloop.kernel.cycle.CyclePhaseStarted;
import dev.feedbackloop.kernel.cycle.CycleProblemsCompiled;
import dev.feedbackloop.kernel.cycle.CycleReviewCompiled;
import dev.feedbackloop.kernel.cycle.CycleWorkLinked;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.EvaluationDatasetUpdated;
import dev.feedbackloop.kernel.cycle.ImprovementCycleClosed;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.cycle.JudgeAgreementEvent;
import dev.feedbackloop.kernel.cycle.JudgeAgreementMeasured;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaAccepted;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaProposed;
import dev.feedbackloop.kernel.cycle.TriageNoteAdded;
import dev.feedbackloop.kernel.gate.ApprovalOverridden;
import dev.feedbackloop.kernel.gate.GateEvaluated;
import dev.feedbackloop.kernel.gate.VersionApprovalEvent;
import dev.feedbackloop.kernel.gate.VersionApproved;
import dev.feedbackloop.kernel.gate.VersionBlocked;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.PromotionRecommended;
import dev.feedbackloop.kernel.release.CanaryHeld;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import dev.feedbackloop.kernel.release.ReleaseProgressReported;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.ReleaseEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one table from event class to the dotted type receivers see ({@code feedbackloop.<subject>.<what_happened>},
 * the CloudEvents {@code type}), used by webhook subscriptions, webhook deliveries and the trigger event stream
 * alike. The dotted names are part of the public API: a name, once published, is never changed (the Java class may
 * be renamed; its row here keeps the name). Every event of the sealed families below must have a row (a test
 * checks it), so a new event cannot go out under its Java name by accident.
 *
 * <p>Subscriptions made before the dotted names took the simple class names ({@code TriggerConditionMet}); those are
 * still understood ({@link #normalize(String)}) and translated to their dotted type.
 */
public final class WebhookEventTypes {

    private static final Map<Class<?>, String> TYPES = build();
    private static final Map<String, String> BY_LEGACY_NAME;
    private static final Map<String, Class<?>> BY_TYPE;

    static {
        Map<String, String> legacy = new LinkedHashMap<>();
        Map<String, Class<?>> byType = new LinkedHashMap<>();
        TYPES.forEach((type, name) -> {
            legacy.put(type.getSimpleName(), name);
            if (byType.put(name, type) != null) {
                throw new IllegalStateException("two events share the type " + name);
            }
        });
        BY_LEGACY_NAME = Collections.unmodifiableMap(legacy);
        BY_TYPE = Collections.unmodifiableMap(byType);
    }

    /** Every dotted type, sorted. */
    public static final Set<String> KNOWN = Collections.unmodifiableSet(new TreeSet<>(BY_TYPE.keySet()));

    private WebhookEventTypes() {
    }

    private static Map<Class<?>, String> build() {
        Map<Class<?>, String> t = new LinkedHashMap<>();
        // monitors (analysis)
        t.put(DriftMeasured.class, "feedbackloop.monitor.drift_measured");
        t.put(DriftDetected.class, "feedbackloop.monitor.drift_detected");
        t.put(DriftResolved.class, "feedbackloop.monitor.drift_resolved");
        t.put(DriftBaselinePinned.class, "feedbackloop.monitor.drift_baseline_pinned");
        t.put(DriftBaselineReleased.class, "feedbackloop.monitor.drift_baseline_released");
        t.put(TriggerConditionMet.class, "feedbackloop.trigger.condition_met");
        t.put(TriggerConditionCleared.class, "feedbackloop.trigger.condition_cleared");
        // failure clusters (analysis)
        t.put(FailureClusterDiscovered.class, "feedbackloop.failure_cluster.discovered");
        t.put(FailureClusterGrew.class, "feedbackloop.failure_cluster.grew");
        t.put(FailureClusterReopened.class, "feedbackloop.failure_cluster.reopened");
        t.put(FailureClusterMerged.class, "feedbackloop.failure_cluster.merged");
        t.put(FailureClusterSplit.class, "feedbackloop.failure_cluster.split");
        t.put(FailureClusterResolved.class, "feedbackloop.failure_cluster.resolved");
        // trigger work items
        t.put(IncidentOpened.class, "feedbackloop.incident.opened");
        t.put(IncidentRecurred.class, "feedbackloop.incident.recurred");
        t.put(IncidentCleared.class, "feedbackloop.incident.cleared");
        t.put(IncidentClosed.class, "feedbackloop.incident.closed");
        t.put(IncidentSeverityChanged.class, "feedbackloop.incident.severity_changed");
        t.put(AutoActionRequested.class, "feedbackloop.incident.auto_action_requested");
        t.put(AlertRaised.class, "feedbackloop.alert.raised");
        t.put(AlertAcknowledged.class, "feedbackloop.alert.acknowledged");
        t.put(AlertResolved.class, "feedbackloop.alert.resolved");
        t.put(TicketCreated.class, "feedbackloop.ticket.created");
        t.put(TicketPrioritized.class, "feedbackloop.ticket.prioritized");
        t.put(TicketResolved.class, "feedbackloop.ticket.resolved");
        t.put(TestCaseCreated.class, "feedbackloop.test_case.created");
        t.put(TestCaseApproved.class, "feedbackloop.test_case.approved");
        t.put(TestCaseRejected.class, "feedbackloop.test_case.rejected");
        t.put(TestCaseRetired.class, "feedbackloop.test_case.retired");
        t.put(EvaluationRunRequested.class, "feedbackloop.evaluation_run.requested");
        t.put(EvaluationRunStarted.class, "feedbackloop.evaluation_run.started");
        t.put(EvaluationRunJudged.class, "feedbackloop.evaluation_run.judged");
        t.put(EvaluationRunCompleted.class, "feedbackloop.evaluation_run.completed");
        t.put(EvaluationRunFailed.class, "feedbackloop.evaluation_run.failed");
        t.put(EvaluationRunTimedOut.class, "feedbackloop.evaluation_run.timed_out");
        t.put(PipelineRunRequested.class, "feedbackloop.pipeline_run.requested");
        t.put(PipelineRunStarted.class, "feedbackloop.pipeline_run.started");
        t.put(PipelineRunCompleted.class, "feedbackloop.pipeline_run.completed");
        t.put(PipelineRunFailed.class, "feedbackloop.pipeline_run.failed");
        // the weekly improvement cycle
        t.put(ImprovementCycleOpened.class, "feedbackloop.cycle.opened");
        t.put(CyclePhaseStarted.class, "feedbackloop.cycle.phase_started");
        t.put(CycleProblemsCompiled.class, "feedbackloop.cycle.problems_compiled");
        t.put(TriageNoteAdded.class, "feedbackloop.cycle.triage_note_added");
        t.put(CycleBacklogRanked.class, "feedbackloop.cycle.backlog_ranked");
        t.put(BacklogItemDecided.class, "feedbackloop.cycle.backlog_item_decided");
        t.put(BacklogItemMoved.class, "feedbackloop.cycle.backlog_item_moved");
        t.put(SuccessCriteriaProposed.class, "feedbackloop.cycle.success_criteria_proposed");
        t.put(SuccessCriteriaAccepted.class, "feedbackloop.cycle.success_criteria_accepted");
        t.put(CycleWorkLinked.class, "feedbackloop.cycle.work_linked");
        t.put(DeployedVersionRecorded.class, "feedbackloop.cycle.deployed_version_recorded");
        t.put(EvaluationDatasetUpdated.class, "feedbackloop.cycle.evaluation_dataset_updated");
        t.put(CycleMeasured.class, "feedbackloop.cycle.measured");
        t.put(CycleReviewCompiled.class, "feedbackloop.cycle.review_compiled");
        t.put(ImprovementCycleClosed.class, "feedbackloop.cycle.closed");
        // judge-human agreement
        t.put(JudgeAgreementMeasured.class, "feedbackloop.judge_agreement.measured");
        t.put(JudgeAgreementDropped.class, "feedbackloop.judge_agreement.dropped");
        // pre-deployment gates (analysis)
        t.put(GateEvaluated.class, "feedbackloop.gate.evaluated");
        t.put(VersionApproved.class, "feedbackloop.gate.version_approved");
        t.put(VersionBlocked.class, "feedbackloop.gate.version_blocked");
        t.put(ApprovalOverridden.class, "feedbackloop.gate.approval_overridden");
        // canary releases (analysis)
        t.put(ReleaseOpened.class, "feedbackloop.release.opened");
        t.put(CanaryStageStarted.class, "feedbackloop.release.stage_started");
        t.put(PromotionRecommended.class, "feedbackloop.release.promotion_recommended");
        t.put(CanaryHeld.class, "feedbackloop.release.held");
        t.put(RollbackRequired.class, "feedbackloop.release.rollback_required");
        t.put(RolloutPaused.class, "feedbackloop.release.paused");
        t.put(ReleaseProgressReported.class, "feedbackloop.release.progress_reported");
        t.put(ReleaseCompleted.class, "feedbackloop.release.completed");
        t.put(ReleaseRolledBack.class, "feedbackloop.release.rolled_back");
        return Collections.unmodifiableMap(t);
    }

    /** The sealed families whose events a webhook may receive; each of their records has a row in the table. */
    public static final Set<Class<?>> FAMILIES = Set.of(MonitorEvent.class, FailureClusterEvent.class,
            TriggerEvent.class, CycleEvent.class, JudgeAgreementEvent.class, VersionApprovalEvent.class,
            ReleaseEvent.class);

    /** The table itself, event class to dotted type, in the order above. */
    public static Map<Class<?>, String> table() {
        return TYPES;
    }

    /** Whether {@code name} is a dotted type, or the class name an older subscription used for one. */
    public static boolean isKnown(String name) {
        return normalize(name).isPresent();
    }

    /** The dotted type {@code name} stands for: itself when dotted, the translation of a legacy class name. */
    public static Optional<String> normalize(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (BY_TYPE.containsKey(name)) {
            return Optional.of(name);
        }
        return Optional.ofNullable(BY_LEGACY_NAME.get(name));
    }

    /** The dotted type of an event, or null when no webhook may receive it. */
    public static String of(Object event) {
        return event == null ? null : ofClass(event.getClass());
    }

    /** The dotted type of an event class, or null when it has none. */
    public static String ofClass(Class<?> type) {
        return TYPES.get(type);
    }
}
