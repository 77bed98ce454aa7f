package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A pipeline run was requested; the pipeline learns of it by webhook or event stream. */
@Revision("1")
public record PipelineRunRequested(String runId, String incidentId, String agentId, String pipeline, Map<String, String> parameters, String reason, Instant requestedAt) implements PipelineRunEvent {
}
