package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** The pipeline finished the run. */
@Revision("1")
public record PipelineRunCompleted(String runId, String pipeline, Map<String, String> outputs, Instant at) implements PipelineRunEvent {
}
