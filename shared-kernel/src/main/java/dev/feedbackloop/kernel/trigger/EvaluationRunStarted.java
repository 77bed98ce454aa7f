package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The evaluation pipeline started the run. */
@Revision("1")
public record EvaluationRunStarted(String runId, String externalId, Instant at) implements EvaluationRunEvent {
}
