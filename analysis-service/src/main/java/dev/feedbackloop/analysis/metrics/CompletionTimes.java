package dev.feedbackloop.analysis.metrics;

import org.bson.Document;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Time to completion as a log-scale histogram: eight bins per doubling, so a percentile read from it is within
 * about 4.5 % of the exact value, and hourly histograms add up into any longer period without keeping samples.
 */
public final class CompletionTimes {

    private static final int BINS_PER_DOUBLING = 8;

    private final TreeMap<Integer, Long> bins = new TreeMap<>();
    private long count;

    static int binOf(long millis) {
        return (int) Math.floor(BINS_PER_DOUBLING * (Math.log1p(millis) / Math.log(2)));
    }

    /** The middle of a bin (geometric), in milliseconds. */
    static double valueOf(int bin) {
        return Math.pow(2, (bin + 0.5) / BINS_PER_DOUBLING) - 1;
    }

    public void add(long millis) {
        bins.merge(binOf(millis), 1L, Long::sum);
        count++;
    }

    void add(Document stored) {
        stored.forEach((bin, n) -> {
            long c = ((Number) n).longValue();
            bins.merge(Integer.parseInt(bin), c, Long::sum);
            count += c;
        });
    }

    void add(CompletionTimes other) {
        other.bins.forEach((bin, n) -> bins.merge(bin, n, Long::sum));
        count += other.count;
    }

    void forEachBin(BiConsumer<Integer, Long> action) {
        bins.forEach(action);
    }

    public long count() {
        return count;
    }

    /** The p-quantile (0 < p <= 1) in milliseconds, or null without data. */
    public Double percentile(double p) {
        if (count == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p * count));
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : bins.entrySet()) {
            seen += bin.getValue();
            if (seen >= rank) {
                return (double) Math.round(valueOf(bin.getKey()));
            }
        }
        return (double) Math.round(valueOf(bins.lastKey()));
    }
}
