package dev.feedbackloop.analysis.clustering;

import java.util.List;

/**
 * How one run's clusters relate to the previous run's.
 *
 * @param continued  clusters that kept their id
 * @param discovered ids of new clusters that continue nothing (not split off an earlier one either)
 * @param vanished   ids of previous clusters that nothing continues, that were not merged and did not split:
 *                   candidates for "resolved"
 * @param merges     previous clusters whose members went mostly into a cluster continuing another one
 * @param splits     previous clusters whose members went in large parts into several new clusters
 */
public record ClusterChanges(List<Continued> continued, List<String> discovered, List<String> vanished,
                             List<Merge> merges, List<Split> splits) {

    public ClusterChanges {
        continued = List.copyOf(continued);
        discovered = List.copyOf(discovered);
        vanished = List.copyOf(vanished);
        merges = List.copyOf(merges);
        splits = List.copyOf(splits);
    }

    /** No changes: what a result rebuilt from storage carries, where only its clusters and noise matter. */
    public static ClusterChanges none() {
        return new ClusterChanges(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A cluster that kept its id.
     *
     * @param centroidSimilarity cosine of the previous and the new centroid (NaN when the spaces differ)
     * @param memberShare        share of the previous members still in the window that are in the new cluster
     */
    public record Continued(String id, double centroidSimilarity, double memberShare) {
    }

    /** {@code mergedIds} went mostly into {@code intoId}, which continues another previous cluster. */
    public record Merge(String intoId, List<String> mergedIds) {
        public Merge {
            mergedIds = List.copyOf(mergedIds);
        }
    }

    /** {@code fromId} went in large parts into {@code intoIds}, new ids beside its own continuation, if any. */
    public record Split(String fromId, List<String> intoIds) {
        public Split {
            intoIds = List.copyOf(intoIds);
        }
    }
}
