package dev.feedbackloop.analysis.clustering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Benchmark, not a test: for each model, the load time, the resident memory it adds, the time per failure text with
 * one and with two threads, and whether a text embedded alone and in a batch gives the same bits. Run with
 * {@code bench/run-embedding.sh}. Then the back-fill: {@code count} distinct texts embedded with two threads in chunks of
 * 1,000, each text alone, then 16 texts per model run (with how far those vectors are from the ones alone).
 */
public final class EmbeddingCost {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        List<SentenceModel> models = args.length > 1 ? List.of(SentenceModel.fromWireName(args[1]).orElseThrow())
                : List.of(SentenceModel.ALL_MINILM_L6_V2, SentenceModel.BGE_SMALL_EN_V15);
        // distinct texts (paraphrases, fillers, typos and noise of the three domains over as many seeds as it takes):
        // a back-fill of one text repeated would measure nothing but the tokenizer
        Set<String> distinct = new LinkedHashSet<>();
        for (int seed = 11; distinct.size() < count && seed < 11 + 10 * count; seed++) {
            for (PhrasedFailures.Domain domain : PhrasedFailures.Domain.values()) {
                new PhrasedFailures(domain, seed).generate(60, 0.2, "t", Instant.parse("2026-11-01T00:00:00Z"),
                        Duration.ofHours(24)).forEach(l -> distinct.add(l.failure().text()));
            }
        }
        List<String> texts = new ArrayList<>(distinct);
        while (texts.size() < count) {
            texts.addAll(texts.subList(0, Math.min(texts.size(), count - texts.size())));
        }
        List<String> sample = texts.subList(0, Math.min(count, 2_000));
        List<String> backfill = texts.subList(0, count);
        double meanChars = sample.stream().mapToInt(String::length).average().orElse(0);
        System.out.printf(Locale.ROOT, "cores %d, Java %s, %d texts of %.0f characters on average%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), count, meanChars);
        for (SentenceModel model : models) {
            long rssBefore = rssKiB();
            long start = System.nanoTime();
            for (int threads : new int[]{1, 2}) {
                try (SentenceEmbedder embedder = SentenceEmbedder.load(model, threads)) {
                    double loadMs = (System.nanoTime() - start) / 1e6;
                    embedder.embedAll(sample.subList(0, 50));
                    long t0 = System.nanoTime();
                    List<float[]> all = embedder.embedAll(sample);
                    double perText = (System.nanoTime() - t0) / 1e6 / sample.size();
                    boolean same = true;
                    for (int i = 0; i < 20; i++) {
                        same &= Arrays.equals(all.get(i), embedder.embed(sample.get(i)));
                    }
                    System.out.printf(Locale.ROOT, "%s, %d thread(s): load %.0f ms, %.2f ms per text (%.0f texts/s), "
                                    + "resident memory +%d MiB, alone == in a batch: %s%n", model.wireName(), threads,
                            loadMs, perText, 1000 / perText, (rssKiB() - rssBefore) >> 10, same);
                }
                start = System.nanoTime();
            }
            List<float[]> alone = null;
            for (int batch : BATCH_SIZES) {
                try (SentenceEmbedder embedder = SentenceEmbedder.load(model, 2, batch)) {
                    embedder.embedAll(sample.subList(0, 200));
                    long t0 = System.nanoTime();
                    List<float[]> first = null;
                    for (int i = 0; i < backfill.size(); i += 1_000) {
                        List<float[]> vectors = embedder.embedAll(backfill.subList(i, Math.min(backfill.size(), i + 1_000)));
                        first = first == null ? vectors : first;
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    String against = "";
                    if (alone == null) {
                        alone = first;
                    } else {
                        double min = 1;
                        for (int i = 0; i < first.size(); i++) {
                            min = Math.min(min, cosine(first.get(i), alone.get(i)));
                        }
                        against = String.format(Locale.ROOT, ", lowest cosine to the text's vector alone %.4f", min);
                    }
                    System.out.printf(Locale.ROOT, "%s: back-fill of %,d distinct texts (of %,d), 2 threads, %d text(s) per "
                                    + "model run, chunks of 1,000: %.1f s (%.0f texts/s)%s%n", model.wireName(),
                            backfill.size(), distinct.size(), batch, seconds, backfill.size() / seconds, against);
                }
            }
        }
    }

    /**
     * Texts per model run in the back-fill ({@code -Dbatches=1,16,32}): alone (what the projection does), then 16 (a
     * back-fill's default, {@code platform.clustering.embedding.backfill-batch-size}). The first is the reference the
     * others' vectors are compared with.
     */
    private static final int[] BATCH_SIZES = java.util.Arrays.stream(System.getProperty("batches", "1,16").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
