package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/**
 * A failure near the one asked about: its cosine similarity (1 = the same meaning) and the failure mode (cluster) it
 * is a member of in its agent's latest clustering run, if any.
 */
public record SimilarFailure(String feedbackId, String agentId, Instant timestamp, String text, double similarity,
                             String clusterId, String clusterLabel) {
}
