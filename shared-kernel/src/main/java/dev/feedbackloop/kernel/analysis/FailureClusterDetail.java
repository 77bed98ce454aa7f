package dev.feedbackloop.kernel.analysis;

import java.util.List;

/**
 * A failure cluster with its exemplars (closest to its centroid), the ids of its members in its latest run (at most
 * the requested number of the {@code memberCount}) and its history, oldest first.
 */
public record FailureClusterDetail(FailureClusterSummary cluster, List<FailureExample> exemplars, int memberCount,
                                   List<String> memberIds, List<FailureClusterChange> history) {
}
