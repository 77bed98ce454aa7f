package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** The run finished with its metrics. */
@Revision("1")
public record EvaluationRunCompleted(String runId, String agentId, String agentVersion, String dataset, Map<String, Double> metrics, Instant at) implements EvaluationRunEvent {
}
