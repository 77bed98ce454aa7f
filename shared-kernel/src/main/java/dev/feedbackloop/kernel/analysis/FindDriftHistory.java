package dev.feedbackloop.kernel.analysis;

/** A feature's measurements, newest first, at most {@code limit}. */
public record FindDriftHistory(String agentId, String feature, int limit) {
}
