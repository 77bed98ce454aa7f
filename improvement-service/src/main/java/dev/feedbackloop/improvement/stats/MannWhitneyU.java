package dev.feedbackloop.improvement.stats;

/**
 * The Mann-Whitney U test of two samples of ordinal values given as histograms (for 1-5 ratings: counts per
 * rating, ties the norm), with the normal approximation:
 * <pre>
 *   U2   = sum over pairs (a from sample 1, b from sample 2) of [b > a] + 1/2 [b = a]
 *        = sum_k c2[k] (c1[0] + ... + c1[k-1] + c1[k] / 2)
 *   U1   = n1 n2 - U2
 *   mu   = n1 n2 / 2
 *   s^2  = n1 n2 / 12 ((N + 1) - sum_k (t_k^3 - t_k) / (N (N - 1)))      N = n1 + n2, t_k = c1[k] + c2[k] (tie correction)
 *   z    = sign(U2 - mu) max(0, |U2 - mu| - 1/2) / s                    (continuity correction)
 *   p    = 2 P(Z >= |z|)
 * </pre>
 * This is what {@code scipy.stats.mannwhitneyu(sample2, sample1, method="asymptotic")} computes. z is positive when
 * the second sample tends to be larger. The common-language effect size {@code U2 / (n1 n2)} is the probability
 * that a value of sample 2 exceeds one of sample 1 (ties counting half): above 1/2 sample 2 is larger.
 * <p>
 * Minimum sizes: the normal approximation is customarily trusted from about {@value #MIN_GROUP_SIZE} observations
 * per sample (with heavy ties somewhat more); below that {@link Result#approximationAdequate()} is false, and callers
 * should not call a difference significant. An empty sample, or both samples wholly tied on one value (s = 0), is not
 * tested: no statistic, p-value 1.
 */
public final class MannWhitneyU {

    /** Per-sample size from which the normal approximation is used. */
    public static final int MIN_GROUP_SIZE = 20;

    private MannWhitneyU() {
    }

    /**
     * @param u2                U of sample 2 (the "after" sample)
     * @param z                 the corrected statistic, or null when not tested
     * @param commonLanguage    U2 / (n1 n2), or null when a sample is empty
     */
    public record Result(long n1, long n2, double u1, double u2, Double z, double pValue, Double commonLanguage) {

        public boolean tested() {
            return z != null;
        }

        public boolean approximationAdequate() {
            return n1 >= MIN_GROUP_SIZE && n2 >= MIN_GROUP_SIZE;
        }

        /** Tested, both samples large enough, and p-value below alpha. */
        public boolean significantAt(double alpha) {
            return tested() && approximationAdequate() && pValue < alpha;
        }

        /** 1 when sample 2 tends to be larger, -1 when smaller, 0 when neither (or not comparable). */
        public int direction() {
            if (commonLanguage == null || commonLanguage == 0.5) {
                return 0;
            }
            return commonLanguage > 0.5 ? 1 : -1;
        }
    }

    /** Compares two histograms over the same ordered categories (index 0 the lowest). */
    public static Result test(long[] counts1, long[] counts2) {
        if (counts1.length != counts2.length) {
            throw new IllegalArgumentException("histograms need the same categories");
        }
        long n1 = 0;
        long n2 = 0;
        for (int k = 0; k < counts1.length; k++) {
            if (counts1[k] < 0 || counts2[k] < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
            n1 += counts1[k];
            n2 += counts2[k];
        }
        if (n1 == 0 || n2 == 0) {
            return new Result(n1, n2, 0, 0, null, 1.0, null);
        }
        double u2 = 0;
        double below1 = 0;
        double tieTerm = 0;
        for (int k = 0; k < counts1.length; k++) {
            u2 += counts2[k] * (below1 + counts1[k] / 2.0);
            below1 += counts1[k];
            double t = counts1[k] + counts2[k];
            tieTerm += t * t * t - t;
        }
        double product = (double) n1 * n2;
        double u1 = product - u2;
        double n = n1 + n2;
        double variance = product / 12.0 * ((n + 1) - tieTerm / (n * (n - 1)));
        double commonLanguage = u2 / product;
        if (!(variance > 1e-12)) {
            return new Result(n1, n2, u1, u2, null, 1.0, commonLanguage);
        }
        double difference = u2 - product / 2;
        double z = Math.signum(difference) * Math.max(0, Math.abs(difference) - 0.5) / Math.sqrt(variance);
        return new Result(n1, n2, u1, u2, z, NormalDistribution.twoSidedP(z), commonLanguage);
    }
}
