package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as the API shows it. {@code state} is raised, acknowledged or resolved; the acknowledged and resolved
 * fields stay null until that happened (an alert may be resolved without ever being acknowledged).
 */
public record AlertView(String alertId, String incidentId, String agentId, String rule, String channel,
                        Severity severity, String title, String summary, String runbook, Map<String, String> scope,
                        String state, Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt,
                        String resolvedBy, String resolutionReason, Instant resolvedAt) {
}
