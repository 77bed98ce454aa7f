package dev.feedbackloop.kernel.analysis;

/** The agent's pinned drift baseline, if any. */
public record FindDriftBaseline(String agentId) {
}
