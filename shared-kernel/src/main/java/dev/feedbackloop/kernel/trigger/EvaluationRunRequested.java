package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An evaluation run was requested; it times out at {@code deadline} unless it completes or fails first. */
@Revision("1")
public record EvaluationRunRequested(String runId, String incidentId, String agentId, String agentVersion, String dataset, String reason, Instant requestedAt, Instant deadline) implements EvaluationRunEvent {
}
