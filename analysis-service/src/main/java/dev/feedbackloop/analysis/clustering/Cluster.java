package dev.feedbackloop.analysis.clustering;

import java.time.Instant;
import java.util.List;

/**
 * A failure mode found in one run.
 *
 * @param id          stable across runs while the mode continues (see {@link ClusterMatcher})
 * @param label       the first few top terms, readable
 * @param topTerms    the words most characteristic of the members (highest mean TF-IDF weight inside the cluster
 *                    compared with outside), as the words users wrote rather than stems
 * @param memberIds   failure ids, ascending
 * @param exemplarIds up to five members closest to the centroid, closest first
 * @param centroid    unit-length centroid in the result's {@link FailureClusters#space()}; comparable only with
 *                    centroids of the same space
 * @param cohesion    mean cosine similarity between two members, in the clustering space
 * @param firstAt     the earliest member's time
 * @param lastAt      the latest member's time
 */
public record Cluster(String id, String label, List<String> topTerms, List<String> memberIds, List<String> exemplarIds,
                      double[] centroid, double cohesion, Instant firstAt, Instant lastAt) {

    public Cluster {
        topTerms = List.copyOf(topTerms);
        memberIds = List.copyOf(memberIds);
        exemplarIds = List.copyOf(exemplarIds);
        centroid = centroid.clone();
    }

    public int size() {
        return memberIds.size();
    }

    @Override
    public double[] centroid() {
        return centroid.clone();
    }

    @Override
    public String toString() {
        return "Cluster[" + id + " '" + label + "' " + memberIds.size() + " members, cohesion "
                + String.format(java.util.Locale.ROOT, "%.2f", cohesion) + "]";
    }
}
