package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The pipeline run failed. */
@Revision("1")
public record PipelineRunFailed(String runId, String reason, Instant at) implements PipelineRunEvent {
}
