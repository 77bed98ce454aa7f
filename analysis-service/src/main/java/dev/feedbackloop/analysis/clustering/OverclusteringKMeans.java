package dev.feedbackloop.analysis.clustering;

import java.util.List;

/**
 * The chosen partitioner: spherical k-means with deliberately too many clusters ({@code sqrt(n)}, between 8 and
 * {@link ClusteringSettings#maxInitialClusters()}), seeded by coordinated k-means++. Its clusters are prototypes
 * that {@link FailureClustering} prunes and {@link PrototypeMerging} merges into modes, so the number of modes
 * follows from the data rather than from k.
 */
final class OverclusteringKMeans implements Partitioner {

    static final int MIN_INITIAL_CLUSTERS = 8;
    static final int KMEANS_ITERATIONS = 30;

    @Override
    public List<double[]> centroids(Points points, int[] active, long[] keys, ClusteringSettings settings) {
        int k = (int) Math.round(Math.sqrt(active.length));
        k = Math.max(MIN_INITIAL_CLUSTERS, Math.min(settings.maxInitialClusters(), k));
        k = Math.min(active.length, k);
        List<double[]> seeds = SphericalKMeans.seeds(points, active, keys, List.of(), k);
        SphericalKMeans.Fit fit = SphericalKMeans.lloyd(points, active, seeds, KMEANS_ITERATIONS, Double.NEGATIVE_INFINITY);
        return List.of(fit.centroids());
    }
}
