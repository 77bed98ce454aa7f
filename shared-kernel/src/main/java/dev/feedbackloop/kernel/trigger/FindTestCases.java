package dev.feedbackloop.kernel.trigger;

/**
 * Test cases, newest first; {@code state} (proposed, approved, rejected, retired), {@code agentId} and
 * {@code clusterId} narrow the list when not null.
 */
public record FindTestCases(String state, String agentId, String clusterId, int limit) {
}
