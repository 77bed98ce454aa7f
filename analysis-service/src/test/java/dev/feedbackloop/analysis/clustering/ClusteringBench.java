package dev.feedbackloop.analysis.clustering;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark, not a test: clusters 10,000 and 50,000 generated failures (eight modes, 20 % noise) and reports the
 * median wall time of three runs after one warm-up run, and the heap high-water mark (G1's peak "used" over the
 * heap pools, garbage included). Run with {@code bench/run-clustering.sh} (which passes -Xmx1g).
 * <p>
 * With {@code -Dmodel=bge-small-en-v1.5} (or {@code all-minilm-l6-v2}) the failures are the paraphrased corpora of
 * three domains ({@link PhrasedFailures}) with the model's vectors: their distinct texts are embedded first (timed
 * apart, as the projection does it once per failure), each failure's vector is kept as the stored bytes, and the
 * timed run decodes every vector (the lookup the tracker does) and clusters them.
 */
public final class ClusteringBench {

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{10_000, 50_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "cores %d, max heap %d MiB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        for (int size : sizes) {
            run(size);
        }
    }

    private static void run(int size) {
        String modelName = System.getProperty("model", "none");
        if (modelName.equals("hashed")) {
            runEmbedded(size, null);
            return;
        }
        if (!modelName.equals("none")) {
            runEmbedded(size, SentenceModel.fromWireName(modelName).orElseThrow());
            return;
        }
        int perMode = (int) Math.round(size * 0.8 / 8);
        List<Failure> failures = new ArrayList<>(new SyntheticFailures(7).generate(8, perMode, 0.2, "f",
                        Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(24)).stream()
                .map(SyntheticFailures.Labelled::failure).toList());
        // the generator varies each mode's count by up to 20 %: trim or pad to the exact size
        while (failures.size() > size) {
            failures.remove(failures.size() - 1);
        }
        List<Failure> extra = new SyntheticFailures(8).generate(8, perMode / 4, 0.2, "g",
                Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(24)).stream().map(SyntheticFailures.Labelled::failure).toList();
        for (int i = 0; failures.size() < size; i++) {
            failures.add(extra.get(i));
        }
        AtomicInteger ids = new AtomicInteger();
        FailureClustering clustering = new FailureClustering(EmbeddingExperiment.settings(), () -> "m" + ids.incrementAndGet());
        clustering.cluster(failures, null);
        long[] nanos = new long[3];
        long peak = 0;
        FailureClusters result = null;
        for (int run = 0; run < nanos.length; run++) {
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            result = clustering.cluster(failures, null);
            nanos[run] = System.nanoTime() - start;
            peak = Math.max(peak, peakHeapUsed());
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%,d failures: median %.2f s (runs %.2f / %.2f / %.2f s), peak heap used %d MiB, "
                        + "%d clusters, %d noise%n", size, nanos[1] / 1e9, nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9,
                peak >> 20, result.clusters().size(), result.noise().size());
    }

    private static void runEmbedded(int size, SentenceModel model) {
        List<SyntheticFailures.Labelled> labelled = new ArrayList<>();
        PhrasedFailures.Domain[] domains = PhrasedFailures.Domain.values();
        for (int d = 0; d < domains.length; d++) {
            int share = size / domains.length + (d < size % domains.length ? 1 : 0);
            List<SyntheticFailures.Labelled> part = new PhrasedFailures(domains[d], 7).generate((int) Math.ceil(share * 0.8 / 7) + 1,
                    0.2, domains[d].name(), Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(24));
            // mode numbers start at 0 in every domain: told apart here, or the quality line would count a banking
            // mode and a travel mode as one, and every correct split between them as a mistake
            int domain = d;
            part.subList(0, Math.min(share, part.size())).forEach(l -> labelled.add(l.mode() == SyntheticFailures.NOISE ? l
                    : new SyntheticFailures.Labelled(l.failure(), domain * 100 + l.mode())));
        }
        List<Failure> failures = labelled.stream().map(SyntheticFailures.Labelled::failure).toList();
        java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
        List<String> distinct = failures.stream().map(Failure::text).distinct().toList();
        long embedStart = System.nanoTime();
        if (model == null) {
            // -Dmodel=hashed: a 384-d bag of hashed word vectors instead of a model, when the model is too slow to run
            // here; the clustering's cost depends on the count and length of the vectors, not on where they come from
            HashedProjection words = new HashedProjection(384, 1);
            for (String text : distinct) {
                List<String> terms = FailureText.terms(text).stream().map(FailureText.Term::stem).toList();
                double[] ones = new double[terms.size()];
                Arrays.fill(ones, 1.0);
                double[] v = words.project(ones, terms);
                float[] f = new float[v.length];
                for (int j = 0; j < v.length; j++) {
                    f[j] = (float) v[j];
                }
                stored.put(text, bytes(f));
            }
        } else try (SentenceEmbedder embedder = SentenceEmbedder.load(model, 2)) {
            for (int i = 0; i < distinct.size(); i += 1000) {
                List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + 1000));
                List<float[]> vectors = embedder.embedAll(chunk);
                for (int k = 0; k < chunk.size(); k++) {
                    stored.put(chunk.get(k), bytes(vectors.get(k)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d failures (%,d distinct texts): embedded by %s in %.1f s (measured apart)%n",
                size, distinct.size(), model == null ? "hashed words" : model.wireName(), (System.nanoTime() - embedStart) / 1e9);
        String name = model == null ? "hashed" : model.wireName();
        AtomicInteger ids = new AtomicInteger();
        FailureClustering clustering = new FailureClustering(EmbeddingExperiment.settings(), () -> "m" + ids.incrementAndGet());
        clustering.cluster(lookUp(failures, stored), null, name);
        long[] nanos = new long[3];
        long peak = 0;
        FailureClusters result = null;
        for (int run = 0; run < nanos.length; run++) {
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            result = clustering.cluster(lookUp(failures, stored), null, name);
            nanos[run] = System.nanoTime() - start;
            peak = Math.max(peak, peakHeapUsed());
        }
        Arrays.sort(nanos);
        ClusteringMetrics quality = ClusteringMetrics.of(labelled, result);
        if (Boolean.getBoolean("compose")) {
            EmbeddingExperiment.composition(labelled, result).forEach(line -> System.out.println("  " + line));
        }
        System.out.printf(Locale.ROOT, "%,d failures with %s vectors: median %.2f s (runs %.2f / %.2f / %.2f s) "
                        + "including the vector lookups, peak heap used %d MiB, %d clusters, %d noise; %s%n", size,
                name, nanos[1] / 1e9, nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9, peak >> 20,
                result.clusters().size(), result.noise().size(), quality.summary());
    }

    private static byte[] bytes(float[] vector) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(vector.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            out.putFloat(x);
        }
        return out.array();
    }

    /** Each failure with its vector decoded from the stored bytes, as the tracker reads it. */
    private static List<Failure> lookUp(List<Failure> failures, java.util.Map<String, byte[]> stored) {
        List<Failure> out = new ArrayList<>(failures.size());
        for (Failure f : failures) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(stored.get(f.text())).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[in.remaining() / 4];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = in.getFloat();
            }
            out.add(new Failure(f.id(), f.at(), f.text(), f.intent(), f.tools(), vector));
        }
        return out;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
