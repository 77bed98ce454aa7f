package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The run neither completed nor failed by its deadline. */
@Revision("1")
public record EvaluationRunTimedOut(String runId, Instant deadline) implements EvaluationRunEvent {
}
