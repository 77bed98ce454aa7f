package dev.feedbackloop.kernel.trigger;

/**
 * Alerts, newest raised first, at most {@code limit}; {@code state} (raised, acknowledged or resolved) and
 * {@code agentId} narrow the list when not null.
 */
public record FindAlerts(String state, String agentId, int limit) {
}
