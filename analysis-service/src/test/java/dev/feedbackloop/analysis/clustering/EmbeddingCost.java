package dev.feedbackloop.analysis.clustering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, not a test: for each model, the load time, the resident memory it adds, the time per failure text with
 * one and with two threads, and whether a text embedded alone and in a batch gives the same bits. Run with
 * {@code bench/run-embedding.sh}. Then the back-fill: {@code count} texts embedded with two threads in chunks of 1,000.
 */
public final class EmbeddingCost {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        List<SentenceModel> models = args.length > 1 ? List.of(SentenceModel.fromWireName(args[1]).orElseThrow())
                : List.of(SentenceModel.ALL_MINILM_L6_V2, SentenceModel.BGE_SMALL_EN_V15);
        List<String> texts = new ArrayList<>();
        for (PhrasedFailures.Domain domain : PhrasedFailures.Domain.values()) {
            new PhrasedFailures(domain, 11).generate(60, 0.2, "t", Instant.parse("2026-11-01T00:00:00Z"), Duration.ofHours(24))
                    .forEach(l -> texts.add(l.failure().text()));
        }
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
            try (SentenceEmbedder embedder = SentenceEmbedder.load(model, 2)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < backfill.size(); i += 1_000) {
                    embedder.embedAll(backfill.subList(i, Math.min(backfill.size(), i + 1_000)));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%s: back-fill of %,d texts with 2 threads in chunks of 1,000: %.1f s "
                        + "(%.0f texts/s)%n", model.wireName(), backfill.size(), seconds, backfill.size() / seconds);
            }
        }
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
