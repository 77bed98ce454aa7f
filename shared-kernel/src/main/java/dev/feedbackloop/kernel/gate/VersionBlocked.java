package dev.feedbackloop.kernel.gate;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * At least one gate failed: the version may not be deployed to the environment until remediated or overridden.
 * Recorded again whenever the set of failing gates changes.
 */
@Revision("1")
public record VersionBlocked(String agentId, String version, String environment, List<GateResult> failing, Instant at)
        implements VersionApprovalEvent {

    @Override
    public ApprovalStatus status() {
        return ApprovalStatus.BLOCKED;
    }
}
