package dev.feedbackloop.kernel.gate;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Every gate of the environment passed: the version may be deployed there. */
@Revision("1")
public record VersionApproved(String agentId, String version, String environment, List<GateResult> gates, Instant at)
        implements VersionApprovalEvent {

    @Override
    public ApprovalStatus status() {
        return ApprovalStatus.APPROVED;
    }
}
