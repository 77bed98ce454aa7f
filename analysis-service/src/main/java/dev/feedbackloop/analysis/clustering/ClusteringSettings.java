package dev.feedbackloop.analysis.clustering;

/**
 * The knobs of {@link FailureClustering}. {@link #defaults()} are the values the quality test measures.
 *
 * @param seed                  seeds k-means++ and the projection: the same input and seed give the same result
 * @param maxVocabulary         at most this many terms, the most frequent by document frequency
 * @param minDocumentFrequency  a term must occur in at least this many failures
 * @param metaWeight            weight of the intent and tool tokens relative to words
 * @param projectionDimension   dimension of the space centroids are reported (and compared across runs) in; also the
 *                              dimension longer embeddings are projected down to before clustering
 * @param maxInitialClusters    cap on the number of prototypes (the deliberately too many clusters of the first
 *                              k-means pass, {@code sqrt(n)} of them)
 * @param mergeSimilarity       two groups of prototypes whose mean vectors have at least this cosine become one mode
 * @param memberSimilarity      a failure less similar than this to every prototype is noise
 * @param minCohesion           a prototype whose members are on average less similar than this to each other
 *                              dissolves (mean pairwise cosine)
 * @param minClusterSize        a smaller cluster dissolves
 * @param exemplars             at most this many exemplars per cluster
 * @param topTerms              at most this many top terms per cluster (the label uses the first three)
 */
public record ClusteringSettings(long seed, int maxVocabulary, int minDocumentFrequency, double metaWeight,
                                 int projectionDimension, int maxInitialClusters, double mergeSimilarity,
                                 double memberSimilarity, double minCohesion, int minClusterSize, int exemplars,
                                 int topTerms) {

    public ClusteringSettings {
        if (maxVocabulary < 1 || minDocumentFrequency < 1 || projectionDimension < 8 || maxInitialClusters < 2
                || minClusterSize < 1 || exemplars < 0 || topTerms < 0) {
            throw new IllegalArgumentException("counts out of range");
        }
        if (!(metaWeight >= 0) || !inUnit(mergeSimilarity) || !inUnit(memberSimilarity) || !inUnit(minCohesion)) {
            throw new IllegalArgumentException("weights and similarities must be between 0 and 1");
        }
    }

    public static ClusteringSettings defaults() {
        return new ClusteringSettings(42L, 5_000, 2, 0.5, 256, 60, 0.35, 0.32, 0.21, 5, 5, 5);
    }

    public ClusteringSettings withSeed(long newSeed) {
        return new ClusteringSettings(newSeed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, mergeSimilarity, memberSimilarity, minCohesion, minClusterSize, exemplars, topTerms);
    }

    public ClusteringSettings withSimilarities(double merge, double member, double cohesion) {
        return new ClusteringSettings(seed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, merge, member, cohesion, minClusterSize, exemplars, topTerms);
    }

    public ClusteringSettings withMinClusterSize(int size) {
        return new ClusteringSettings(seed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, mergeSimilarity, memberSimilarity, minCohesion, size, exemplars, topTerms);
    }

    private static boolean inUnit(double x) {
        return x >= 0 && x <= 1;
    }
}
