package dev.feedbackloop.analysis.drift;

/**
 * Population stability index between a reference and a current histogram over the same bins:
 * {@code sum over bins of (current - reference) * ln(current / reference)}, on shares, where an empty bin's share
 * is replaced by a small floor (default 0.0001) so the logarithm stays finite. Below a minimum count in either
 * window there is no verdict.
 */
public final class Psi {

    public static final double DEFAULT_EMPTY_SHARE = 0.0001;
    public static final long DEFAULT_MIN_SAMPLES = 200;
    public static final double MODERATE = 0.1;
    public static final double SIGNIFICANT = 0.25;

    /** How a PSI value reads, with the specification's thresholds. */
    public enum Level { INSUFFICIENT_DATA, STABLE, MODERATE, SIGNIFICANT }

    /** A measurement: the value (NaN without a verdict), its level, and both histograms as shares. */
    public record Result(double value, Level level, double[] referenceShares, double[] currentShares,
                         long referenceCount, long currentCount) {
    }

    private final double emptyShare;
    private final long minSamples;

    public Psi(double emptyShare, long minSamples) {
        if (!(emptyShare > 0 && emptyShare < 1)) {
            throw new IllegalArgumentException("the empty-bin share must be between 0 and 1");
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("the minimum sample count must be at least 1");
        }
        this.emptyShare = emptyShare;
        this.minSamples = minSamples;
    }

    public static Psi withDefaults() {
        return new Psi(DEFAULT_EMPTY_SHARE, DEFAULT_MIN_SAMPLES);
    }

    public Result compare(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("both histograms must have the same bins");
        }
        long referenceCount = sum(reference);
        long currentCount = sum(current);
        double[] r = shares(reference, referenceCount);
        double[] c = shares(current, currentCount);
        if (referenceCount < minSamples || currentCount < minSamples) {
            return new Result(Double.NaN, Level.INSUFFICIENT_DATA, r, c, referenceCount, currentCount);
        }
        double psi = value(r, c);
        return new Result(psi, level(psi), r, c, referenceCount, currentCount);
    }

    /** PSI of two share vectors, flooring empty shares. */
    public double value(double[] referenceShares, double[] currentShares) {
        double psi = 0;
        for (int i = 0; i < referenceShares.length; i++) {
            double r = Math.max(referenceShares[i], emptyShare);
            double c = Math.max(currentShares[i], emptyShare);
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    public static Level level(double psi) {
        if (Double.isNaN(psi)) {
            return Level.INSUFFICIENT_DATA;
        }
        return psi >= SIGNIFICANT ? Level.SIGNIFICANT : psi >= MODERATE ? Level.MODERATE : Level.STABLE;
    }

    private static double[] shares(long[] counts, long total) {
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length && total > 0; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return shares;
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
