package dev.feedbackloop.kernel.gate;

import java.time.Instant;
import java.util.List;

/**
 * A version's approval for one environment as the read side serves it: its status, each recorded gate result, and
 * the override if there was one ({@code null} otherwise).
 */
public record VersionApprovalView(String agentId, String version, String environment, ApprovalStatus status,
                                  List<GateResult> gates, ManualOverride override, Instant updatedAt) {

    public record ManualOverride(String by, String reason, Instant at) {
    }
}
