package dev.feedbackloop.kernel.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Durations (milliseconds) as a log-scale histogram: eight bins per doubling, so a percentile read from it is within
 * 4.5 % of the exact (nearest-rank) value, and the histograms of short windows add up into any longer window without
 * keeping samples. The fold of the {@link Metric.Fold#PERCENTILE} metrics.
 */
public final class LogHistogram {

    private static final int BINS_PER_DOUBLING = 8;

    private final TreeMap<Integer, Long> bins = new TreeMap<>();
    private long count;

    public static int binOf(long millis) {
        return (int) Math.floor(BINS_PER_DOUBLING * (Math.log1p(Math.max(0, millis)) / Math.log(2)));
    }

    /** The smallest whole millisecond that falls into a bin. */
    static long lowest(int bin) {
        long millis = (long) Math.ceil(Math.pow(2, (double) bin / BINS_PER_DOUBLING) - 1);
        while (millis > 0 && binOf(millis - 1) >= bin) {
            millis--;
        }
        while (binOf(millis) < bin) {
            millis++;
        }
        return millis;
    }

    /**
     * The value a bin stands for. Bins are log-scale in 1 + ms, so a bin's middle on that scale is off by more than
     * 4.5 % for some times under a second (6.7 % at 15 ms); of the whole milliseconds a to b a bin holds,
     * 2ab / (a + b) is within (b - a) / (a + b) of each: under 4.4 % for every bin, exact for a bin of one value.
     */
    static double valueOf(int bin) {
        long a = lowest(bin);
        long b = lowest(bin + 1) - 1;
        return b <= a ? a : 2.0 * a * b / (a + b);
    }

    public LogHistogram add(long millis) {
        return addBin(binOf(millis), 1);
    }

    /** Adds {@code n} values of one bin, as stored by {@link #forEachBin}. */
    public LogHistogram addBin(int bin, long n) {
        if (n != 0) {
            bins.merge(bin, n, Long::sum);
            count += n;
        }
        return this;
    }

    public LogHistogram add(LogHistogram other) {
        other.bins.forEach(this::addBin);
        return this;
    }

    public void forEachBin(BiConsumer<Integer, Long> action) {
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
                return rounded(valueOf(bin.getKey()));
            }
        }
        return rounded(valueOf(bins.lastKey()));
    }

    /** To a hundredth of a millisecond: rounding to whole ones would break the bound for times under a second. */
    private static double rounded(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
