package dev.feedbackloop.kernel.analysis;

/**
 * Failure clusters, largest first, optionally of one agent and in one state ({@code active}, {@code resolved},
 * {@code merged} or {@code split}; null for all).
 */
public record FindFailureClusters(String agentId, String state) {
}
