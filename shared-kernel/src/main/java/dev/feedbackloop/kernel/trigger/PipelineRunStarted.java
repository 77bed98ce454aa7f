package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The pipeline started the run. */
@Revision("1")
public record PipelineRunStarted(String runId, String externalId, Instant at) implements PipelineRunEvent {
}
