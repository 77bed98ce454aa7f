package dev.feedbackloop.analysis.clustering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: measures quality over several corpus seeds for given settings.
 * Args: merge member cohesion [perMode] [seeds] [v(erbose) [first seed]]; -Dxmeans=K swaps the prototype step for
 * Smile's X-means with at most K clusters.
 */
public class ClusteringExperiment {

    public static void main(String[] args) {
        double merge = args.length > 0 ? Double.parseDouble(args[0]) : ClusteringSettings.defaults().mergeSimilarity();
        double member = args.length > 1 ? Double.parseDouble(args[1]) : ClusteringSettings.defaults().memberSimilarity();
        double cohesion = args.length > 2 ? Double.parseDouble(args[2]) : ClusteringSettings.defaults().minCohesion();
        int perMode = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int seeds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        ClusteringSettings settings = ClusteringSettings.defaults().withSimilarities(merge, member, cohesion);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        double minAri = 1, minStab = 1;
        int maxNoiseCluster = 0;
        int minModes = 99;
        double minRecall = 1;
        double sumAri = 0;
        int runs = 0;
        int kept = 0, total = 0;
        int over20 = 0, below95 = 0, below80 = 0;
        for (int s = args.length > 6 ? Integer.parseInt(args[6]) : 1; s <= seeds; s++) {
            SyntheticFailures gen = new SyntheticFailures(s);
            List<SyntheticFailures.Labelled> day = gen.generate(8, perMode, 0.2, "a", t0, Duration.ofHours(24));
            AtomicInteger ids = new AtomicInteger();
            ClusterMatcher matcher = ClusterMatcher.withDefaults(() -> "m" + ids.incrementAndGet());
            FailureClustering clustering = System.getProperty("xmeans") != null
                    ? new FailureClustering(settings, matcher, new XMeansPartitioner(Integer.getInteger("xmeans")))
                    : new FailureClustering(settings, matcher);
            long start = System.nanoTime();
            FailureClusters first = clustering.cluster(day.stream().map(SyntheticFailures.Labelled::failure).toList(), null);
            long ms = (System.nanoTime() - start) / 1_000_000;
            ClusteringMetrics m = ClusteringMetrics.of(day, first);
            List<SyntheticFailures.Labelled> more = new ArrayList<>(day);
            more.addAll(gen.generate(8, perMode / 10, 0.2, "b", t0.plus(Duration.ofHours(24)), Duration.ofHours(2)));
            FailureClusters second = clustering.cluster(more.stream().map(SyntheticFailures.Labelled::failure).toList(), first);
            double stability = ClusteringMetrics.stability(first, second);
            int[] kt = ClusteringMetrics.stabilityCounts(first, second);
            kept += kt[0]; total += kt[1];
            if (stability < 0.95) below95++;
            ClusteringMetrics m2 = ClusteringMetrics.of(more, second);
            System.out.println("  second run: " + m2.summary());
            minAri = Math.min(minAri, m2.ari());
            maxNoiseCluster = Math.max(maxNoiseCluster, m2.largestNoiseMajorityCluster());
            System.out.printf("seed %d n=%d %d ms: %s; stability %.1f %%; changes: %d continued, %d discovered, %d vanished, %d merges, %d splits%n",
                    s, day.size(), ms, m.summary(), 100 * stability, second.changes().continued().size(),
                    second.changes().discovered().size(), second.changes().vanished().size(), second.changes().merges().size(),
                    second.changes().splits().size());
            if (args.length > 5) {
                first.clusters().forEach(c -> System.out.println("   " + c + " " + c.topTerms()));
                System.out.println("  second run: " + second.changes());
                java.util.Map<String, String> now = new java.util.HashMap<>();
                second.clusters().forEach(c -> c.memberIds().forEach(x -> now.put(x, c.id())));
                java.util.Map<String, Integer> moves = new java.util.TreeMap<>();
                first.clusters().forEach(c -> c.memberIds().forEach(x -> {
                    String to = now.getOrDefault(x, "noise");
                    if (!to.equals(c.id())) moves.merge(c.id() + "->" + to, 1, Integer::sum);
                }));
                System.out.println("  moves: " + moves);
                second.clusters().forEach(c -> System.out.println("   " + c + " " + c.topTerms()));
            }
            minAri = Math.min(minAri, m.ari());
            sumAri += m.ari() + m2.ari(); runs += 2;
            if (m.ari() < 0.8) below80++;
            if (m2.ari() < 0.8) below80++;
            if (m.largestNoiseMajorityCluster() >= 20) over20++;
            if (m2.largestNoiseMajorityCluster() >= 20) over20++;
            minStab = Math.min(minStab, stability);
            maxNoiseCluster = Math.max(maxNoiseCluster, m.largestNoiseMajorityCluster());
            minModes = Math.min(minModes, m.purestModeCount());
            minRecall = Math.min(minRecall, m.modePointsClustered());
        }
        System.out.printf("pooled: mean ARI %.3f, stability %.1f %%, runs with ARI < 0.8: %d/%d, noise cluster >= 20: %d/%d, stability < 95 %%: %d/%d%n",
                sumAri / runs, 100.0 * kept / total, below80, runs, over20, runs, below95, runs / 2);
        System.out.printf("settings merge %.2f member %.2f cohesion %.2f: min ARI %.3f, min stability %.1f %%, max noise cluster %d, min modes found %d/8, min mode points clustered %.1f %%%n",
                merge, member, cohesion, minAri, 100 * minStab, maxNoiseCluster, minModes, 100 * minRecall);
    }
}
