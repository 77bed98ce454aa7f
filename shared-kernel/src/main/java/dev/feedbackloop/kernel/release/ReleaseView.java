package dev.feedbackloop.kernel.release;

import java.time.Instant;
import java.util.List;

/**
 * A release as its events tell it: where it stands, every stage it ran, every decision with the measurements that
 * justified it, and what the pipeline reported. {@code status} is open, completed or rolled_back.
 */
public record ReleaseView(String releaseId, String agentId, String version, String baselineVersion, String status,
                          int percentage, Instant stageStartedAt, long stageMinDurationMinutes, boolean paused,
                          CanaryConfig canaryConfig, GateOverride override, String blockedReason, Instant openedAt,
                          List<StageView> stages, List<DecisionView> decisions, List<ReportView> reports) {

    public record StageView(int percentage, long minDurationMinutes, Instant startedAt) {
    }

    /**
     * One decision: {@code type} is promotion_recommended, held, rollback_required, paused or completed; {@code reason}
     * the hold reason or the trigger.
     */
    public record DecisionView(String type, int percentage, Integer nextPercentage, String reason,
                               List<Measurement> measurements, Instant decidedAt) {
    }

    public record ReportView(String action, Integer percentage, String note, Instant reportedAt) {
    }
}
