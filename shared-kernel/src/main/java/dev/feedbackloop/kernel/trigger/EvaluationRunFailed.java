package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The run could not finish. */
@Revision("1")
public record EvaluationRunFailed(String runId, String reason, Instant at) implements EvaluationRunEvent {
}
