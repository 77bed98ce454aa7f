package dev.feedbackloop.kernel.analysis;

/** Both windows' histograms of a feature at the agent's latest evaluation. */
public record FindDriftHistograms(String agentId, String feature) {
}
