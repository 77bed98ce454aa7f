package dev.feedbackloop.improvement.stats;

/**
 * The pooled two-sided z-test of two proportions, x1/n1 (before) against x2/n2 (after):
 * <pre>
 *   p = (x1 + x2) / (n1 + n2)
 *   z = (x2/n2 - x1/n1) / sqrt(p (1 - p) (1/n1 + 1/n2))
 *   p-value = 2 P(Z >= |z|)
 * </pre>
 * z is positive when the second proportion is the larger. Degenerate inputs are not tested: when either n is 0, or
 * the pooled proportion is 0 or 1 (both samples all failures or all successes, so the two proportions are equal and
 * the standard error is 0), the result has no statistic and a p-value of 1. The normal approximation wants roughly
 * n p >= 5 and n (1 - p) >= 5 on each side; callers decide how many observations they require.
 */
public final class TwoProportionZTest {

    private TwoProportionZTest() {
    }

    /**
     * @param p1 x1/n1, or null when n1 is 0
     * @param p2 x2/n2, or null when n2 is 0
     * @param z  the statistic, or null when not tested
     */
    public record Result(long x1, long n1, long x2, long n2, Double p1, Double p2, Double z, double pValue) {

        public boolean tested() {
            return z != null;
        }

        /** Tested and p-value below alpha. */
        public boolean significantAt(double alpha) {
            return z != null && pValue < alpha;
        }
    }

    public static Result test(long x1, long n1, long x2, long n2) {
        if (x1 < 0 || x2 < 0 || n1 < 0 || n2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("need 0 <= x <= n, was " + x1 + "/" + n1 + " and " + x2 + "/" + n2);
        }
        Double p1 = n1 == 0 ? null : (double) x1 / n1;
        Double p2 = n2 == 0 ? null : (double) x2 / n2;
        if (n1 == 0 || n2 == 0) {
            return new Result(x1, n1, x2, n2, p1, p2, null, 1.0);
        }
        double pooled = (double) (x1 + x2) / (n1 + n2);
        if (pooled <= 0 || pooled >= 1) {
            return new Result(x1, n1, x2, n2, p1, p2, null, 1.0);
        }
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double z = (p2 - p1) / se;
        return new Result(x1, n1, x2, n2, p1, p2, z, NormalDistribution.twoSidedP(z));
    }
}
