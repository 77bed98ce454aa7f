package dev.feedbackloop.kernel.trigger;

/**
 * Incidents, newest opened first, at most {@code limit}; {@code state} (open, cleared or closed), {@code agentId}
 * and {@code rule} narrow the list when not null.
 */
public record FindIncidents(String state, String agentId, String rule, int limit) {
}
