package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An evaluation run as the API shows it. {@code state} is requested, started, completed, failed or timed_out;
 * {@code endedAt} is when it completed, failed or timed out. {@code verdict} (passed, regressed),
 * {@code baselineRunId} and {@code reasons} are there once a completed run was judged.
 */
public record EvaluationRunView(String runId, String incidentId, String agentId, String agentVersion, String dataset,
                                String reason, String state, Instant requestedAt, Instant deadline, String externalId,
                                Instant startedAt, Instant endedAt, Map<String, Double> metrics, String failureReason,
                                String verdict, String baselineRunId, List<String> reasons, Instant judgedAt) {
}
