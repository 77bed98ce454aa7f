package dev.feedbackloop.analysis.clustering;

import java.util.List;

/**
 * The result of one clustering run.
 *
 * @param clusters the failure modes, largest first
 * @param noise    ids of failures that belong to no mode (too far from every centroid, or in a group too small or
 *                 too loose to be a mode), ascending
 * @param space    names the space the centroids live in (TF-IDF projected with a given seed, or an embedding of a
 *                 given length); centroids of different spaces are not compared
 * @param changes  how the clusters relate to the previous run's
 */
public record FailureClusters(List<Cluster> clusters, List<String> noise, String space, ClusterChanges changes) {

    public FailureClusters {
        clusters = List.copyOf(clusters);
        noise = List.copyOf(noise);
    }

    /**
     * A previous run's result as stored between runs: {@link FailureClustering#cluster} and {@link ClusterMatcher}
     * read only its clusters (id, members, centroid), its noise and its space.
     */
    public static FailureClusters restored(List<Cluster> clusters, List<String> noise, String space) {
        return new FailureClusters(clusters, noise, space, ClusterChanges.none());
    }

    /** The number of failures the run looked at. */
    public int failureCount() {
        return noise.size() + clusters.stream().mapToInt(Cluster::size).sum();
    }
}
