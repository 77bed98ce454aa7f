package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.VersionApprovalView;

import java.time.Instant;
import java.util.List;

/** A version's approval for one environment: approved, blocked, pending or overridden, and each gate's result. */
public record ApprovalResponse(String agentId, String version, String environment, String status, List<ApprovalGate> gates,
                               ApprovalOverride override, Instant updatedAt) {

    /** A gate: passes when {@code observed comparison threshold} (with at least {@code min_tests} tests). */
    public record ApprovalGate(String gate, String category, String metric, String comparison, double threshold,
                       Integer minTests, String status, Double observed, Integer tests, String reason) {

        static ApprovalGate of(GateResult r) {
            return new ApprovalGate(r.gate(), r.category().wireName(), r.metric(), r.comparison().symbol(), r.threshold(),
                    r.minTests(), r.status().wireName(), r.observed(), r.tests(), r.reason());
        }
    }

    /** Who let the version through despite its gates, and why. */
    public record ApprovalOverride(String by, String reason, Instant at) {
    }

    static ApprovalResponse of(VersionApprovalView v) {
        return new ApprovalResponse(v.agentId(), v.version(), v.environment(), v.status().wireName(),
                v.gates().stream().map(ApprovalGate::of).toList(),
                v.override() == null ? null : new ApprovalOverride(v.override().by(), v.override().reason(), v.override().at()),
                v.updatedAt());
    }

    /** The approvals one post of results changed or confirmed, one per environment. */
    public record RecordedApprovals(List<ApprovalResponse> approvals) {
    }
}
