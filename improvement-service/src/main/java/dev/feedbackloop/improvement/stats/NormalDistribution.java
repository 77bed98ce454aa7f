package dev.feedbackloop.improvement.stats;

/**
 * The standard normal distribution. The tail uses Hart's (1968) double-precision rational approximation as
 * published by G. West, "Better approximations to cumulative normal functions", Wilmott Magazine (2009): absolute
 * error below 1e-14 over the whole line (tested against scipy), and the tail is computed directly, so small p-values
 * keep a relative precision of about 1e-8 (no {@code 1 - cdf} cancellation).
 */
public final class NormalDistribution {

    private static final double SQRT_2PI = 2.506628274631000502415765284811;

    private NormalDistribution() {
    }

    /** P(Z <= x). */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double lower = lowerTailOfAbs(Math.abs(x));
        return x > 0 ? 1 - lower : lower;
    }

    /** P(Z > x), accurate far into the upper tail. */
    public static double upperTail(double x) {
        return cdf(-x);
    }

    /** The two-sided p-value of a standard normal statistic: P(|Z| >= |z|), at most 1. */
    public static double twoSidedP(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return Math.min(1.0, 2 * lowerTailOfAbs(Math.abs(z)));
    }

    /** P(Z <= -a) for a >= 0. */
    private static double lowerTailOfAbs(double a) {
        if (a > 37) {
            return 0;
        }
        double exponential = Math.exp(-a * a / 2);
        if (a < 7.07106781186547) {
            double numerator = 3.52624965998911E-02 * a + 0.700383064443688;
            numerator = numerator * a + 6.37396220353165;
            numerator = numerator * a + 33.912866078383;
            numerator = numerator * a + 112.079291497871;
            numerator = numerator * a + 221.213596169931;
            numerator = numerator * a + 220.206867912376;
            double denominator = 8.83883476483184E-02 * a + 1.75566716318264;
            denominator = denominator * a + 16.064177579207;
            denominator = denominator * a + 86.7807322029461;
            denominator = denominator * a + 296.564248779674;
            denominator = denominator * a + 637.333633378831;
            denominator = denominator * a + 793.826512519948;
            denominator = denominator * a + 440.413735824752;
            return exponential * numerator / denominator;
        }
        double fraction = a + 0.65;
        fraction = a + 4 / fraction;
        fraction = a + 3 / fraction;
        fraction = a + 2 / fraction;
        fraction = a + 1 / fraction;
        return exponential / fraction / SQRT_2PI;
    }
}
