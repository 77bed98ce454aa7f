package dev.feedbackloop.improvement.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cohen's kappa for two raters over categorical labels, with its large-sample standard error, and a one-sided test
 * for a drop between two independent kappas. Pure.
 * <p>
 * With {@code p_ij} the share of items rater A labelled i and rater B labelled j, {@code p_i.} and {@code p_.j} the
 * marginals, {@code po = Σ p_ii} and {@code pe = Σ p_i. p_.i}: {@code κ = (po - pe) / (1 - pe)}, undefined (null)
 * when {@code pe = 1} (both raters used one and the same category throughout).
 * <p>
 * Standard error: the non-null large-sample formula of Fleiss, Cohen &amp; Everitt (1969, "Large sample standard
 * errors of kappa and weighted kappa", Psychological Bulletin 72(5), 323-327), the right one for confidence
 * intervals and for comparing kappas (the null-hypothesis variance would only test κ = 0):
 * <pre>
 * var(κ) = ( Σ_i p_ii [1 - (p_i. + p_.i)(1 - κ)]²
 *          + (1 - κ)² Σ_{i≠j} p_ij (p_.i + p_j.)²
 *          - [κ - pe (1 - κ)]² ) / ( n (1 - pe)² )
 * </pre>
 * {@link #simpleStandardError} gives the common approximation {@code sqrt(po (1 - po) / (n (1 - pe)²))} for
 * comparison.
 * <p>
 * Drop test: {@code z = (κ1 - κ2) / sqrt(se1² + se2²)}, one-sided p-value {@code 1 - Φ(z)}; the weeks are treated
 * as independent samples (different traces).
 */
public final class CohensKappa {

    private CohensKappa() {
    }

    /** The agreement over {@code n} items: observed and chance agreement, kappa and its standard error (both null when undefined). */
    public record Agreement(long n, double observed, double expected, Double kappa, Double standardError) {

        public boolean defined() {
            return kappa != null;
        }
    }

    /** A contingency table built label pair by label pair. Labels are compared as strings. */
    public static final class Table {

        private final Map<String, Map<String, Long>> counts = new TreeMap<>();
        private long n;

        public Table add(String a, String b) {
            counts.computeIfAbsent(a, k -> new TreeMap<>()).merge(b, 1L, Long::sum);
            n++;
            return this;
        }

        public long size() {
            return n;
        }

        public Agreement agreement() {
            List<String> categories = new ArrayList<>(new java.util.TreeSet<>(counts.keySet()));
            counts.values().forEach(row -> row.keySet().stream().filter(c -> !categories.contains(c)).forEach(categories::add));
            long[][] matrix = new long[categories.size()][categories.size()];
            for (int i = 0; i < categories.size(); i++) {
                Map<String, Long> row = counts.getOrDefault(categories.get(i), Map.of());
                for (int j = 0; j < categories.size(); j++) {
                    matrix[i][j] = row.getOrDefault(categories.get(j), 0L);
                }
            }
            return of(matrix);
        }
    }

    /**
     * The agreement of a square table of counts: {@code counts[i][j]} items rater A put in category i and rater B in
     * category j.
     */
    public static Agreement of(long[][] counts) {
        int k = counts.length;
        long n = 0;
        for (long[] row : counts) {
            if (row.length != k) {
                throw new IllegalArgumentException("the table must be square");
            }
            for (long c : row) {
                if (c < 0) {
                    throw new IllegalArgumentException("counts must not be negative");
                }
                n += c;
            }
        }
        if (n == 0) {
            return new Agreement(0, Double.NaN, Double.NaN, null, null);
        }
        double[][] p = new double[k][k];
        double[] rows = new double[k];
        double[] cols = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                p[i][j] = (double) counts[i][j] / n;
                rows[i] += p[i][j];
                cols[j] += p[i][j];
            }
        }
        double po = 0;
        double pe = 0;
        for (int i = 0; i < k; i++) {
            po += p[i][i];
            pe += rows[i] * cols[i];
        }
        if (1 - pe < 1e-12) {
            return new Agreement(n, po, pe, null, null);
        }
        double kappa = (po - pe) / (1 - pe);
        double q = 1 - kappa;
        double diagonal = 0;
        double offDiagonal = 0;
        for (int i = 0; i < k; i++) {
            double t = 1 - (rows[i] + cols[i]) * q;
            diagonal += p[i][i] * t * t;
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    double s = cols[i] + rows[j];
                    offDiagonal += p[i][j] * s * s;
                }
            }
        }
        double c = kappa - pe * q;
        double variance = (diagonal + q * q * offDiagonal - c * c) / (n * (1 - pe) * (1 - pe));
        // where the variance is 0 (perfect agreement) rounding leaves about +-1e-17
        double se = variance < 1e-14 ? 0 : Math.sqrt(variance);
        return new Agreement(n, po, pe, kappa, se);
    }

    /** The simple approximation {@code sqrt(po (1 - po) / (n (1 - pe)²))}, null when kappa is undefined. */
    public static Double simpleStandardError(Agreement a) {
        if (!a.defined()) {
            return null;
        }
        return Math.sqrt(a.observed() * (1 - a.observed()) / (a.n() * (1 - a.expected()) * (1 - a.expected())));
    }

    /** {@code z = (κ1 - κ2) / sqrt(se1² + se2²)}: positive when the second kappa is lower. */
    public static double dropZ(double kappa1, double se1, double kappa2, double se2) {
        double spread = Math.sqrt(se1 * se1 + se2 * se2);
        double drop = kappa1 - kappa2;
        if (spread == 0) {
            return drop > 0 ? Double.POSITIVE_INFINITY : drop < 0 ? Double.NEGATIVE_INFINITY : 0;
        }
        return drop / spread;
    }

    /** The one-sided p-value {@code P(Z >= z) = 1 - Φ(z)} of a drop. */
    public static double dropPValue(double z) {
        return NormalDistribution.upperTail(z);
    }

    /**
     * Whether {@code later} is significantly below {@code earlier}: both defined, the drop at least {@code minDrop},
     * and the one-sided z-test's p-value below {@code alpha}.
     */
    public static boolean significantDrop(double earlierKappa, double earlierSe, Agreement later, double alpha, double minDrop) {
        if (later == null || !later.defined()) {
            return false;
        }
        if (earlierKappa - later.kappa() < minDrop - 1e-12) {
            return false;
        }
        return dropPValue(dropZ(earlierKappa, earlierSe, later.kappa(), later.standardError())) < alpha;
    }
}
