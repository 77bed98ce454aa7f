package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** An alert was raised on {@code channel} (a name configured under platform.alerts.channels). */
@Revision("1")
public record AlertRaised(String alertId, String incidentId, String agentId, String rule, String channel, Severity severity, String title, String summary, String runbook, Map<String, String> scope, Instant raisedAt) implements AlertEvent {
}
