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
        FailureClustering clustering = new FailureClustering(ClusteringSettings.defaults(), () -> "m" + ids.incrementAndGet());
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
