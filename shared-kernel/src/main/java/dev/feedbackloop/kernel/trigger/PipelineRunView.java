package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;

/**
 * A pipeline run as the API shows it. {@code state} is requested, started, completed or failed; {@code endedAt} is
 * when it completed or failed.
 */
public record PipelineRunView(String runId, String incidentId, String agentId, String pipeline,
                              Map<String, String> parameters, String reason, String state, Instant requestedAt,
                              String externalId, Instant startedAt, Instant endedAt, Map<String, String> outputs,
                              String failureReason) {
}
