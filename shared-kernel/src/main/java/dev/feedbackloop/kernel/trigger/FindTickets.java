package dev.feedbackloop.kernel.trigger;

/**
 * Tickets by priority, highest first, then oldest created first, at most {@code limit}; {@code state} (open or
 * resolved), {@code priority} and {@code agentId} narrow the list when not null.
 */
public record FindTickets(String state, Priority priority, String agentId, int limit) {
}
