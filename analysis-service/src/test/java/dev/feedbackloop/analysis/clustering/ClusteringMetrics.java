package dev.feedbackloop.analysis.clustering;

import smile.validation.metric.AdjustedRandIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Quality figures of a clustering run against the generator's labels. */
record ClusteringMetrics(double ari, double ariNoiseAsClass, double modePointsClustered, double noiseLeftOut,
                         double noiseShareOfResult, int clusters, int largestNoiseMajorityCluster, int purestModeCount) {

    static ClusteringMetrics of(List<SyntheticFailures.Labelled> corpus, FailureClusters result) {
        Map<String, Integer> truth = new HashMap<>();
        corpus.forEach(l -> truth.put(l.failure().id(), l.mode()));
        int clustered = 0;
        for (Cluster c : result.clusters()) {
            clustered += c.size();
        }
        int[] strictTruth = new int[clustered];
        int[] classTruth = new int[clustered];
        int[] predicted = new int[clustered];
        int p = 0;
        int singleton = 1_000;
        int modePointsClustered = 0;
        int noiseClustered = 0;
        int largestNoiseMajority = 0;
        java.util.Set<Integer> modesFound = new java.util.HashSet<>();
        for (int c = 0; c < result.clusters().size(); c++) {
            Cluster cluster = result.clusters().get(c);
            int noiseMembers = 0;
            Map<Integer, Integer> modeCounts = new HashMap<>();
            for (String id : cluster.memberIds()) {
                int mode = truth.get(id);
                classTruth[p] = mode;
                strictTruth[p] = mode == SyntheticFailures.NOISE ? singleton++ : mode;
                predicted[p++] = c;
                if (mode == SyntheticFailures.NOISE) {
                    noiseMembers++;
                    noiseClustered++;
                } else {
                    modePointsClustered++;
                    modeCounts.merge(mode, 1, Integer::sum);
                }
            }
            if (noiseMembers * 2 > cluster.size()) {
                largestNoiseMajority = Math.max(largestNoiseMajority, cluster.size());
            } else {
                modeCounts.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(e -> modesFound.add(e.getKey()));
            }
        }
        long modePoints = corpus.stream().filter(l -> l.mode() != SyntheticFailures.NOISE).count();
        long noisePoints = corpus.size() - modePoints;
        double ari = clustered < 2 ? 0 : AdjustedRandIndex.of(strictTruth, predicted);
        double ariClass = clustered < 2 ? 0 : AdjustedRandIndex.of(classTruth, predicted);
        return new ClusteringMetrics(ari, ariClass, (double) modePointsClustered / modePoints,
                noisePoints == 0 ? 1 : 1.0 - (double) noiseClustered / noisePoints,
                (double) result.noise().size() / corpus.size(), result.clusters().size(), largestNoiseMajority,
                modesFound.size());
    }

    /**
     * The share of the members of the first run's clusters, still in the second window, that are in a cluster of the
     * same id in the second run.
     */
    static double stability(FailureClusters first, FailureClusters second) {
        int[] counts = stabilityCounts(first, second);
        return counts[1] == 0 ? 1 : (double) counts[0] / counts[1];
    }

    /** {kept, total} for {@link #stability}. */
    static int[] stabilityCounts(FailureClusters first, FailureClusters second) {
        Map<String, String> clusterOf = new HashMap<>();
        second.clusters().forEach(c -> c.memberIds().forEach(m -> clusterOf.put(m, c.id())));
        java.util.Set<String> window = new java.util.HashSet<>(second.noise());
        window.addAll(clusterOf.keySet());
        int kept = 0;
        int total = 0;
        for (Cluster c : first.clusters()) {
            for (String member : c.memberIds()) {
                if (window.contains(member)) {
                    total++;
                    if (c.id().equals(clusterOf.get(member))) {
                        kept++;
                    }
                }
            }
        }
        return new int[]{kept, total};
    }

    String summary() {
        return String.format(Locale.ROOT, "ARI %.3f (noise as one class %.3f), mode points clustered %.1f %%, "
                        + "true noise left out %.1f %%, noise share of result %.1f %%, clusters %d (modes found %d), "
                        + "largest noise-majority cluster %d",
                ari, ariNoiseAsClass, 100 * modePointsClustered, 100 * noiseLeftOut, 100 * noiseShareOfResult, clusters,
                purestModeCount, largestNoiseMajorityCluster);
    }
}
