package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.CanaryHeld;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.EvaluateCanary;
import dev.feedbackloop.kernel.release.OpenRelease;
import dev.feedbackloop.kernel.release.PromotionRecommended;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.ReleaseProgressReported;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.ReportReleaseProgress;
import dev.feedbackloop.kernel.release.RollbackRequired;
import dev.feedbackloop.kernel.release.RolloutPaused;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One canary release of an agent version against its baseline. It moves through the config's stages only when the
 * pipeline reports that it promoted; the evaluator's decisions are recorded only when they change within a stage, and
 * a promotion is never recorded before the stage's minimum duration (event time) has passed. A paused rollout (paused
 * by the evaluator's {@link RolloutPaused} or reported paused by the pipeline) records only a rollback until the
 * pipeline reports it resumed: a person looks first, and nothing is promoted meanwhile.
 */
@Aggregate
public class Release {

    @AggregateIdentifier
    private String stream;
    private String releaseId;
    private String version;
    private List<CanaryConfig.Stage> stages;
    private int stage;
    private java.time.Instant stageStartedAt;
    private String lastDecision;
    /** The pipeline reported the rollout paused. */
    private boolean paused;
    /** The evaluator paused the rollout (pause_and_alert); the pipeline's "paused" report acknowledges it. */
    private boolean pausedByDecision;
    private boolean closed;

    protected Release() {
    }

    @CommandHandler
    public Release(OpenRelease command) {
        requireText(command.releaseId(), "release_id");
        requireText(command.agentId(), "agent_id");
        requireText(command.version(), "version");
        requireText(command.baselineVersion(), "baseline_version");
        if (command.version().equals(command.baselineVersion())) {
            throw invalid("baseline_version must differ from version");
        }
        if (command.canaryConfig() == null) {
            throw invalid("canary_config is required");
        }
        List<CanaryConfig.Violation> violations = command.canaryConfig().violations();
        if (!violations.isEmpty()) {
            throw invalid(violations.get(0).field() + " " + violations.get(0).message());
        }
        if (command.blockedReason() != null && (command.override() == null || blank(command.override().by())
                || blank(command.override().reason()))) {
            throw new BusinessRuleViolation(ErrorCode.WRONG_STATE, "blocked by pre-deployment gates: "
                    + command.blockedReason());
        }
        if (command.openedAt() == null) {
            throw invalid("opened_at is required");
        }
        apply(new ReleaseOpened(command.releaseId(), command.agentId(), command.version(), command.baselineVersion(),
                command.canaryConfig(), command.override(), command.blockedReason(), command.openedAt()));
        CanaryConfig.Stage first = command.canaryConfig().stages().get(0);
        apply(new CanaryStageStarted(command.releaseId(), first.percentage(), first.minDurationMinutes(),
                command.openedAt()));
    }

    /** Records the decision when it differs from the last one of this stage; answers whether it did. */
    @CommandHandler
    public boolean handle(EvaluateCanary command) {
        if (closed || command.stagePercentage() != current().percentage() || command.decision() == null) {
            return false;
        }
        String key = command.decision() + "|" + command.trigger();
        if (key.equals(lastDecision)) {
            return false;
        }
        if ((paused || pausedByDecision) && command.decision() != EvaluateCanary.Decision.ROLLBACK) {
            return false;   // paused: only a rollback is worth saying until a person resumes the rollout
        }
        int pct = current().percentage();
        switch (command.decision()) {
            case PROMOTE -> {
                Duration ran = Duration.between(stageStartedAt, command.evaluatedAt());
                if (ran.compareTo(Duration.ofMinutes(current().minDurationMinutes())) < 0) {
                    throw new BusinessRuleViolation(ErrorCode.WRONG_STATE, "stage " + pct + " % has run "
                            + ran.toMinutes() + " of its " + current().minDurationMinutes() + " minutes");
                }
                if (stage == stages.size() - 1) {
                    apply(new ReleaseCompleted(releaseId, version, command.measurements(), command.evaluatedAt()));
                } else {
                    apply(new PromotionRecommended(releaseId, pct, stages.get(stage + 1).percentage(),
                            command.measurements(), command.evaluatedAt()));
                }
            }
            case HOLD_INSUFFICIENT_DATA -> apply(new CanaryHeld(releaseId, pct, "insufficient_data",
                    command.measurements(), command.evaluatedAt()));
            case HOLD_BORDERLINE -> apply(new CanaryHeld(releaseId, pct, "borderline", command.measurements(),
                    command.evaluatedAt()));
            case ROLLBACK -> apply(new RollbackRequired(releaseId, pct, command.trigger(), command.measurements(),
                    command.evaluatedAt()));
            case PAUSE -> apply(new RolloutPaused(releaseId, pct, command.trigger(), command.measurements(),
                    command.evaluatedAt()));
        }
        return true;
    }

    @CommandHandler
    public void handle(ReportReleaseProgress command) {
        if (closed) {
            throw new BusinessRuleViolation(ErrorCode.WRONG_STATE, "the release is already over");
        }
        if (command.action() == null) {
            throw invalid("action is required");
        }
        String action = command.action().name().toLowerCase(Locale.ROOT);
        switch (command.action()) {
            case PROMOTED -> {
                int next = stages.stream().map(CanaryConfig.Stage::percentage).toList().indexOf(
                        command.percentage() == null ? -1 : command.percentage());
                if (next <= stage) {
                    throw invalid("percentage must be a later stage of the schedule than " + current().percentage()
                            + " (one of " + stages.stream().map(CanaryConfig.Stage::percentage)
                            .filter(p -> p > current().percentage()).toList() + ")");
                }
                apply(new ReleaseProgressReported(releaseId, action, command.percentage(), command.note(),
                        command.reportedAt()));
                apply(new CanaryStageStarted(releaseId, command.percentage(), stages.get(next).minDurationMinutes(),
                        command.reportedAt()));
            }
            case ROLLED_BACK -> {
                apply(new ReleaseProgressReported(releaseId, action, current().percentage(), command.note(),
                        command.reportedAt()));
                apply(new ReleaseRolledBack(releaseId, version, command.note(), command.reportedAt()));
            }
            case PAUSED, RESUMED -> {
                boolean pausing = command.action() == ReportReleaseProgress.Action.PAUSED;
                if (pausing ? paused : !paused && !pausedByDecision) {
                    throw new BusinessRuleViolation(ErrorCode.WRONG_STATE, "the rollout is already "
                            + (paused ? "paused" : "running"));
                }
                apply(new ReleaseProgressReported(releaseId, action, current().percentage(), command.note(),
                        command.reportedAt()));
            }
        }
    }

    private CanaryConfig.Stage current() {
        return stages.get(stage);
    }

    private static void requireText(String value, String field) {
        if (blank(value)) {
            throw invalid(field + " is required");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }

    @EventSourcingHandler
    void on(ReleaseOpened event) {
        this.releaseId = event.releaseId();
        this.stream = Streams.release(event.releaseId());
        this.version = event.version();
        this.stages = event.canaryConfig().stages();
    }

    @EventSourcingHandler
    void on(CanaryStageStarted event) {
        this.stage = stages.stream().map(CanaryConfig.Stage::percentage).toList().indexOf(event.percentage());
        this.stageStartedAt = event.startedAt();
        this.lastDecision = null;
    }

    @EventSourcingHandler
    void on(PromotionRecommended event) {
        this.lastDecision = EvaluateCanary.Decision.PROMOTE + "|null";
    }

    @EventSourcingHandler
    void on(CanaryHeld event) {
        this.lastDecision = ("insufficient_data".equals(event.reason()) ? EvaluateCanary.Decision.HOLD_INSUFFICIENT_DATA
                : EvaluateCanary.Decision.HOLD_BORDERLINE) + "|null";
    }

    @EventSourcingHandler
    void on(RollbackRequired event) {
        this.lastDecision = EvaluateCanary.Decision.ROLLBACK + "|" + event.trigger();
    }

    @EventSourcingHandler
    void on(RolloutPaused event) {
        this.lastDecision = EvaluateCanary.Decision.PAUSE + "|" + event.trigger();
        this.pausedByDecision = true;
    }

    @EventSourcingHandler
    void on(ReleaseProgressReported event) {
        if ("paused".equals(event.action())) {
            paused = true;
        } else if ("resumed".equals(event.action()) || "promoted".equals(event.action())) {
            // a promotion is a person's or pipeline's choice to go on: the next stage starts unpaused
            paused = false;
            pausedByDecision = false;
            lastDecision = null;
        }
    }

    @EventSourcingHandler
    void on(ReleaseCompleted event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(ReleaseRolledBack event) {
        closed = true;
    }
}
