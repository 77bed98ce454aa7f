package dev.feedbackloop.kernel.gate;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A gate was judged on a new result ({@code source}: {@code evaluation_run:<run id>} or {@code pipeline}); recorded
 * only when the gate's result changed. {@code status} is the approval's status once all results of the same report
 * count.
 */
@Revision("1")
public record GateEvaluated(String agentId, String version, String environment, GateResult result,
                            ApprovalStatus status, String source, Instant at) implements VersionApprovalEvent {
}
