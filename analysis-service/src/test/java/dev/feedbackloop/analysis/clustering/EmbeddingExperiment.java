package dev.feedbackloop.analysis.clustering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: quality of failure clustering on the paraphrased corpora ({@link PhrasedFailures}, three domains) for
 * TF-IDF and each sentence model, over several seeds: ARI, modes found, the most clusters one mode is the majority
 * of, and stability when 10 % new failures arrive. Settings from system properties (-Dmerge= -Dmember= -Dcohesion=
 * -Dmeta= -Dcenter=); args: models (comma-separated wire names, "none" for TF-IDF) [seeds] [perMode] [verbose].
 * With verbose, -Dcompose=true prints each cluster's true modes; -DfirstSeed=n starts the seeds at n (default 1).
 */
public final class EmbeddingExperiment {

    private static final Map<SentenceModel, SentenceEmbedder> EMBEDDERS = new java.util.EnumMap<>(SentenceModel.class);
    private static final Map<SentenceModel, Map<String, float[]>> CACHES = new java.util.EnumMap<>(SentenceModel.class);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** The figures of one model over every domain and seed. */
    record Summary(String model, double meanAri, double minAri, int minModesFound, int modes, int maxSplit,
                   double minStability, double pooledStability, int runs, double clusteringMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-18s mean ARI %.3f, min ARI %.3f, modes found min %d of %d, most clusters "
                            + "per mode %d, stability min %.1f %% (pooled %.1f %%), %d runs, %.0f ms per run",
                    model, meanAri, minAri, minModesFound, modes, maxSplit, 100 * minStability, 100 * pooledStability,
                    runs, clusteringMs);
        }
    }

    public static void main(String[] args) {
        List<String> models = List.of((args.length > 0 ? args[0] : "none,all-minilm-l6-v2,bge-small-en-v1.5").split(","));
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perMode = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        boolean verbose = args.length > 3;
        if (System.getProperty("sweep") != null) {
            sweep(models, seeds, perMode);
            return;
        }
        ClusteringSettings settings = settings();
        System.out.println("dense settings " + settings.dense());
        for (String name : models) {
            System.out.println(run(SentenceModel.fromWireName(name).orElseThrow(), settings,
                    Integer.getInteger("firstSeed", 1), seeds, perMode, verbose));
        }
    }

    /** Every combination of the comma-separated -Dmerge, -Dmember, -Dcohesion, -Dmeta and -Dcenter values. */
    static void sweep(List<String> models, int seeds, int perMode) {
        ClusteringSettings.Dense d = ClusteringSettings.defaults().dense();
        for (String merge : System.getProperty("merge", "" + d.mergeSimilarity()).split(",")) {
            for (String member : System.getProperty("member", "" + d.memberSimilarity()).split(",")) {
                for (String cohesion : System.getProperty("cohesion", "" + d.minCohesion()).split(",")) {
                    for (String meta : System.getProperty("meta", "" + d.metaWeight()).split(",")) {
                        for (String center : System.getProperty("center", "" + d.center()).split(",")) {
                            ClusteringSettings.Dense dense = new ClusteringSettings.Dense(Double.parseDouble(merge),
                                    Double.parseDouble(member), Double.parseDouble(cohesion), Double.parseDouble(meta),
                                    Boolean.parseBoolean(center));
                            for (String name : models) {
                                Summary s = run(SentenceModel.fromWireName(name).orElseThrow(),
                                        ClusteringSettings.defaults().withDense(dense), seeds, perMode, false);
                                System.out.printf(Locale.ROOT, "merge %s member %s cohesion %s meta %s center %s: %s%n",
                                        merge, member, cohesion, meta, center, s);
                            }
                        }
                    }
                }
            }
        }
    }

    static ClusteringSettings settings() {
        ClusteringSettings d = ClusteringSettings.defaults();
        ClusteringSettings.Dense dense = d.dense();
        return d.withDense(new ClusteringSettings.Dense(
                Double.parseDouble(System.getProperty("merge", "" + dense.mergeSimilarity())),
                Double.parseDouble(System.getProperty("member", "" + dense.memberSimilarity())),
                Double.parseDouble(System.getProperty("cohesion", "" + dense.minCohesion())),
                Double.parseDouble(System.getProperty("meta", "" + dense.metaWeight())),
                Boolean.parseBoolean(System.getProperty("center", "" + dense.center()))));
    }

    static Summary run(SentenceModel model, ClusteringSettings settings, int seeds, int perMode, boolean verbose) {
        return run(model, settings, 1, seeds, perMode, verbose);
    }

    /** The corpora of seeds {@code firstSeed} to {@code lastSeed}. */
    static Summary run(SentenceModel model, ClusteringSettings settings, int firstSeed, int lastSeed, int perMode,
                       boolean verbose) {
        SentenceEmbedder embedder = model == SentenceModel.NONE ? null
                : EMBEDDERS.computeIfAbsent(model, m -> SentenceEmbedder.load(m, 2, Integer.getInteger("batch", 1)));
        Map<String, float[]> cache = CACHES.computeIfAbsent(model, m -> new HashMap<>());
        double sumAri = 0;
        double minAri = 1;
        int minModes = Integer.MAX_VALUE;
        int modes = 0;
        int maxSplit = 0;
        double minStability = 1;
        int kept = 0;
        int total = 0;
        int runs = 0;
        long nanos = 0;
        List<String> domains = new ArrayList<>(List.of(System.getProperty("domains", "BANKING,CODING,TRAVEL,SHOP").split(",")));
        for (String domain : domains) {
            for (int seed = firstSeed; seed <= lastSeed; seed++) {
                List<SyntheticFailures.Labelled> day;
                List<SyntheticFailures.Labelled> next;
                int modeCount;
                if (domain.equals("SHOP")) {
                    SyntheticFailures generator = new SyntheticFailures(seed);
                    day = generator.generate(8, perMode, 0.2, "a", T0, Duration.ofHours(24));
                    next = new ArrayList<>(day);
                    next.addAll(generator.generate(8, perMode / 10, 0.2, "b", T0.plus(Duration.ofHours(24)), Duration.ofHours(2)));
                    modeCount = 8;
                } else {
                    PhrasedFailures generator = new PhrasedFailures(PhrasedFailures.Domain.valueOf(domain), seed);
                    day = generator.generate(perMode, 0.2, "a", T0, Duration.ofHours(24));
                    next = new ArrayList<>(day);
                    next.addAll(generator.generate(perMode / 10, 0.2, "b", T0.plus(Duration.ofHours(24)), Duration.ofHours(2)));
                    modeCount = generator.modeCount();
                }
                AtomicInteger ids = new AtomicInteger();
                FailureClustering clustering = new FailureClustering(settings, () -> "m" + ids.incrementAndGet());
                long start = System.nanoTime();
                FailureClusters first = clustering.cluster(embedded(day, embedder, cache), null, model.wireName());
                nanos += System.nanoTime() - start;
                FailureClusters second = clustering.cluster(embedded(next, embedder, cache), first, model.wireName());
                double stability = ClusteringMetrics.stability(first, second);
                int[] kt = ClusteringMetrics.stabilityCounts(first, second);
                kept += kt[0];
                total += kt[1];
                minStability = Math.min(minStability, stability);
                for (var pair : List.of(Map.entry(day, first), Map.entry(next, second))) {
                    ClusteringMetrics m = ClusteringMetrics.of(pair.getKey(), pair.getValue());
                    int split = mostClustersPerMode(pair.getKey(), pair.getValue());
                    sumAri += m.ari();
                    minAri = Math.min(minAri, m.ari());
                    minModes = Math.min(minModes, m.purestModeCount() - modeCount + 7);
                    maxSplit = Math.max(maxSplit, split);
                    runs++;
                    if (verbose) {
                        System.out.printf(Locale.ROOT, "  %s %s seed %d: %s, most clusters per mode %d%n", model.wireName(),
                                domain, seed, m.summary(), split);
                        if (Boolean.getBoolean("compose")) {
                            composition(pair.getKey(), pair.getValue()).forEach(line -> System.out.println("    " + line));
                        }
                    }
                }
                if (verbose) {
                    System.out.printf(Locale.ROOT, "  stability %.1f %%%n", 100 * stability);
                    if (seed == firstSeed) {
                        first.clusters().forEach(c -> System.out.println("    " + c + " " + c.topTerms()));
                    }
                }
                modes = 7;
            }
        }
        return new Summary(model.wireName(), sumAri / runs, minAri, minModes, modes, maxSplit, minStability,
                total == 0 ? 1 : (double) kept / total, runs, nanos / 1e6 / (runs / 2.0));
    }

    static List<Failure> embedded(List<SyntheticFailures.Labelled> labelled, SentenceEmbedder embedder,
                                  Map<String, float[]> cache) {
        List<Failure> failures = labelled.stream().map(SyntheticFailures.Labelled::failure).toList();
        if (embedder == null) {
            return failures;
        }
        List<String> missing = failures.stream().map(Failure::text).filter(t -> !cache.containsKey(t)).distinct().toList();
        List<float[]> vectors = embedder.embedAll(missing);
        for (int i = 0; i < missing.size(); i++) {
            cache.put(missing.get(i), vectors.get(i));
        }
        return failures.stream().map(f -> new Failure(f.id(), f.at(), f.text(), f.intent(), f.tools(), cache.get(f.text())))
                .toList();
    }

    /**
     * Per cluster, its size, cohesion, label and how many of its members come from each true mode ({@code -1}: noise),
     * largest first: what a debug print of the merging showed, from the outside (-Dcompose=true with verbose).
     */
    static List<String> composition(List<SyntheticFailures.Labelled> corpus, FailureClusters result) {
        Map<String, Integer> truth = new HashMap<>();
        corpus.forEach(l -> truth.put(l.failure().id(), l.mode()));
        return result.clusters().stream().map(c -> {
            Map<Integer, Integer> modes = new java.util.TreeMap<>();
            c.memberIds().forEach(id -> modes.merge(truth.get(id), 1, Integer::sum));
            return String.format(Locale.ROOT, "cluster of %d, cohesion %.3f, modes %s: %s", c.memberIds().size(),
                    c.cohesion(), modes, c.label());
        }).toList();
    }

    /** The largest number of clusters that one true mode is the majority of. */
    static int mostClustersPerMode(List<SyntheticFailures.Labelled> corpus, FailureClusters result) {
        Map<String, Integer> truth = new HashMap<>();
        corpus.forEach(l -> truth.put(l.failure().id(), l.mode()));
        Map<Integer, Integer> clustersPerMode = new HashMap<>();
        for (Cluster c : result.clusters()) {
            Map<Integer, Integer> counts = new HashMap<>();
            c.memberIds().forEach(id -> counts.merge(truth.get(id), 1, Integer::sum));
            counts.entrySet().stream().max(Map.Entry.comparingByValue()).filter(e -> e.getKey() != SyntheticFailures.NOISE)
                    .ifPresent(e -> clustersPerMode.merge(e.getKey(), 1, Integer::sum));
        }
        return clustersPerMode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
