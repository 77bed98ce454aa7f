package dev.feedbackloop.kernel.analysis;

/** Rule conditions and their state ({@code met} or {@code cleared}; null for both), optionally for one agent. */
public record FindConditions(String agentId, String state) {
}
