package dev.feedbackloop.kernel.gate;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A named person let a blocked or pending version through, for a reason; {@code unmet} are the gates that were
 * failing or pending at that moment, the ones the override covers.
 */
@Revision("1")
public record ApprovalOverridden(String agentId, String version, String environment, String by, String reason,
                                 List<GateResult> unmet, Instant at) implements VersionApprovalEvent {

    @Override
    public ApprovalStatus status() {
        return ApprovalStatus.OVERRIDDEN;
    }
}
