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
 * @param dense                 how sentence embeddings are clustered: their own similarity levels, the weight of
 *                              intents and tools beside the text, and whether the window's mean is taken out first
 */
public record ClusteringSettings(long seed, int maxVocabulary, int minDocumentFrequency, double metaWeight,
                                 int projectionDimension, int maxInitialClusters, double mergeSimilarity,
                                 double memberSimilarity, double minCohesion, int minClusterSize, int exemplars,
                                 int topTerms, Dense dense) {

    /**
     * Clustering of embeddings. Sentence embeddings are not sparse: unrelated sentences still have cosines of 0.1-0.6
     * depending on the model, so the text thresholds do not carry over.
     *
     * @param mergeSimilarity  as {@link ClusteringSettings#mergeSimilarity()}, for embeddings
     * @param memberSimilarity as {@link ClusteringSettings#memberSimilarity()}, for embeddings
     * @param minCohesion      as {@link ClusteringSettings#minCohesion()}, for embeddings
     * @param metaWeight       share of the squared length given to the intent and tools (0 leaves them out): the
     *                         cosine of two failures becomes {@code (1 - w) text + w meta}
     * @param center           take the window's mean embedding out before normalising, which removes the part every
     *                         text shares (sentence embeddings are anisotropic) so that cosines spread over [-1, 1]
     */
    public record Dense(double mergeSimilarity, double memberSimilarity, double minCohesion, double metaWeight,
                        boolean center) {
        public Dense {
            if (!inUnit(mergeSimilarity) || !inUnit(memberSimilarity) || !inUnit(minCohesion) || !inUnit(metaWeight)
                    || metaWeight >= 1) {
                throw new IllegalArgumentException("dense similarities must be between 0 and 1, the meta weight below 1");
            }
        }
    }

    public ClusteringSettings {
        if (maxVocabulary < 1 || minDocumentFrequency < 1 || projectionDimension < 8 || maxInitialClusters < 2
                || minClusterSize < 1 || exemplars < 0 || topTerms < 0) {
            throw new IllegalArgumentException("counts out of range");
        }
        java.util.Objects.requireNonNull(dense, "dense");
        if (!(metaWeight >= 0) || !inUnit(mergeSimilarity) || !inUnit(memberSimilarity) || !inUnit(minCohesion)) {
            throw new IllegalArgumentException("weights and similarities must be between 0 and 1");
        }
    }

    public static ClusteringSettings defaults() {
        return new ClusteringSettings(42L, 5_000, 2, 0.5, 256, 60, 0.35, 0.32, 0.21, 5, 5, 5,
                new Dense(0.12, 0.3, 0.21, 0.15, true));
    }

    public ClusteringSettings withSeed(long newSeed) {
        return new ClusteringSettings(newSeed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, mergeSimilarity, memberSimilarity, minCohesion, minClusterSize, exemplars, topTerms, dense);
    }

    public ClusteringSettings withSimilarities(double merge, double member, double cohesion) {
        return new ClusteringSettings(seed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, merge, member, cohesion, minClusterSize, exemplars, topTerms, dense);
    }

    public ClusteringSettings withMinClusterSize(int size) {
        return new ClusteringSettings(seed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, mergeSimilarity, memberSimilarity, minCohesion, size, exemplars, topTerms, dense);
    }

    public ClusteringSettings withDense(Dense newDense) {
        return new ClusteringSettings(seed, maxVocabulary, minDocumentFrequency, metaWeight, projectionDimension,
                maxInitialClusters, mergeSimilarity, memberSimilarity, minCohesion, minClusterSize, exemplars, topTerms,
                newDense);
    }

    private static boolean inUnit(double x) {
        return x >= 0 && x <= 1;
    }
}
