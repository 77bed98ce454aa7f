package dev.feedbackloop.analysis.clustering;

import java.util.List;

/**
 * Proposes prototype centroids for a run; {@link FailureClustering} then refines them, drops points that fit none,
 * dissolves prototypes too small or too loose, and merges the rest into modes. Package-private so that the measured
 * alternatives can be plugged in by the experiments.
 */
interface Partitioner {

    /**
     * @param points   the unit-length points
     * @param active   indices of the points to cluster (non-empty vectors), ascending
     * @param keys     per point, a stable key (a hash of its id and the seed) for coordinated random choices
     */
    List<double[]> centroids(Points points, int[] active, long[] keys, ClusteringSettings settings);
}
