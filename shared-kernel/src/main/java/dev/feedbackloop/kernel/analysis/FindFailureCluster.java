package dev.feedbackloop.kernel.analysis;

/** One failure cluster with its exemplars, at most {@code memberLimit} member ids and its history. */
public record FindFailureCluster(String clusterId, int memberLimit) {
}
