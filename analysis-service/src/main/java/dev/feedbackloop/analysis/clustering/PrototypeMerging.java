package dev.feedbackloop.analysis.clustering;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges prototypes (small dense clusters) into failure modes: agglomerative, the most similar pair of groups first,
 * while the cosine of their mean vectors is at least the threshold. That cosine is the groups' mean
 * cross-similarity over the geometric mean of their mean self-similarities, so a threshold of 0.3 reads "members of
 * the two are at least 30 % as alike across as within". A mode phrased in several ways is thus one mode made of
 * several prototypes.
 * <p>
 * Hysteresis keeps modes stable from run to run: when both groups are mostly made of members of the same previous
 * cluster the threshold is multiplied by {@link #TOGETHER_FACTOR}, when they are mostly made of members of two
 * different previous clusters by {@link #APART_FACTOR}. A mode then splits or merges only on clear evidence, not
 * because a borderline similarity moved a little with new failures. A group mostly made of one previous cluster's
 * members that is a mode ({@link ModeBar}) does not take in a prototype that would make it too loose to be one: a
 * mode found before is not dissolved by a loose prototype of new noise joining it.
 */
final class PrototypeMerging {

    static final double TOGETHER_FACTOR = 0.75;
    static final double APART_FACTOR = 1.5;
    /** A group needs this many members from previous clusters before its history counts. */
    static final int MIN_HISTORY = 3;

    private PrototypeMerging() {
    }

    /** For each prototype (given by the sum of its members' vectors), the index of its group; groups numbered 0... */
    static int[] groups(double[][] sums, int[] sizes, double threshold, double minCohesion) {
        return groups(sums, sizes, threshold, minCohesion, new int[sums.length][0]);
    }

    /**
     * @param history per prototype, how many of its members were in each previous cluster (all rows of one length)
     */
    static int[] groups(double[][] sums, int[] sizes, double threshold, double minCohesion, int[][] history) {
        return groups(sums, sizes, threshold, minCohesion, history, false);
    }

    /**
     * @param average merge on the mean similarity of a member of one group to a member of the other ({@code S_a . S_b
     *                / (n_a n_b)}, exact from the sums: average linkage) instead of on the cosine of the sums, which
     *                divides that by the groups' own spread and so lets loose groups (noise) join readily
     */
    static int[] groups(double[][] sums, int[] sizes, double threshold, double minCohesion, int[][] history,
                        boolean average) {
        return groups(sums, sizes, threshold, minCohesion, history, average, null, new double[sums.length]);
    }

    /**
     * @param keep   a group made mostly of one previous cluster's members that is a mode by this bar merges only where
     *               the union is one too: a mode found before is not dissolved by a loose prototype (new noise) joining
     *               it (null: no such rule)
     * @param selves per prototype, the summed squared lengths of its members' meta parts, for the bar's task signature
     */
    static int[] groups(double[][] sums, int[] sizes, double threshold, double minCohesion, int[][] history,
                        boolean average, ModeBar keep, double[] selves) {
        int k = sums.length;
        int[] groupSizes = sizes.clone();
        double[] groupSelves = selves.clone();
        int[][] counts = new int[k][];
        for (int c = 0; c < k; c++) {
            counts[c] = history[c].clone();
        }
        double[][] groupSums = new double[k][];
        for (int c = 0; c < k; c++) {
            groupSums[c] = sums[c].clone();
        }
        int[] parent = new int[k];
        boolean[] gone = new boolean[k];
        double[][] similarity = new double[k][k];
        for (int a = 0; a < k; a++) {
            parent[a] = a;
            for (int b = a + 1; b < k; b++) {
                similarity[a][b] = similarity(groupSums[a], groupSums[b], groupSizes[a], groupSizes[b], average);
            }
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; !gone[a] && b < k; b++) {
                    if (!gone[b] && similarity[a][b] >= threshold * factor(counts[a], counts[b])
                            && similarity[a][b] > best
                            && mergedCohesion(groupSums[a], groupSums[b], groupSizes[a] + groupSizes[b]) >= minCohesion
                            && !dissolvesSettled(groupSums, groupSizes, groupSelves, counts, a, b, keep)) {
                        best = similarity[a][b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            double[] into = groupSums[bestA];
            double[] from = groupSums[bestB];
            for (int j = 0; j < into.length; j++) {
                into[j] += from[j];
            }
            for (int j = 0; j < counts[bestA].length; j++) {
                counts[bestA][j] += counts[bestB][j];
            }
            groupSizes[bestA] += groupSizes[bestB];
            groupSelves[bestA] += groupSelves[bestB];
            gone[bestB] = true;
            for (int c = 0; c < k; c++) {
                if (parent[c] == bestB) {
                    parent[c] = bestA;
                }
            }
            for (int c = 0; c < k; c++) {
                if (c != bestA && !gone[c]) {
                    similarity[Math.min(c, bestA)][Math.max(c, bestA)] = similarity(into, groupSums[c], groupSizes[bestA],
                            groupSizes[c], average);
                }
            }
        }
        return numbered(parent);
    }

    /** Whether merging a and b takes a settled group that is a mode below the bar. */
    private static boolean dissolvesSettled(double[][] sums, int[] sizes, double[] selves, int[][] counts, int a, int b,
                                            ModeBar keep) {
        if (keep == null || !(settled(counts[a], sizes[a]) || settled(counts[b], sizes[b]))) {
            return false;
        }
        boolean modeBefore = settled(counts[a], sizes[a]) && keep.holds(sums[a], selves[a], sizes[a])
                || settled(counts[b], sizes[b]) && keep.holds(sums[b], selves[b], sizes[b]);
        if (!modeBefore) {
            return false;
        }
        return !keep.holds(sums[a], sums[b], selves[a] + selves[b], sizes[a] + sizes[b]);
    }

    /** Mostly members of one previous cluster. */
    private static boolean settled(int[] counts, int size) {
        int most = 0;
        for (int x : counts) {
            most = Math.max(most, x);
        }
        return most >= MIN_HISTORY && 2 * most >= size;
    }

    private static double similarity(double[] a, double[] b, int sizeA, int sizeB, boolean average) {
        if (!average) {
            return Vectors.cosine(a, b);
        }
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
        }
        return dot / ((double) sizeA * sizeB);
    }

    private static int[] numbered(int[] parent) {
        int k = parent.length;
        int[] number = new int[k];
        java.util.Arrays.fill(number, -1);
        int next = 0;
        int[] group = new int[k];
        for (int c = 0; c < k; c++) {
            int root = parent[c];
            if (number[root] < 0) {
                number[root] = next++;
            }
            group[c] = number[root];
        }
        return group;
    }

    /**
     * Mean pairwise similarity of the union of two groups, from their sums (see SphericalKMeans.Fit#cohesion); b null:
     * of the one group a.
     */
    static double mergedCohesion(double[] a, double[] b, int n) {
        double squared = 0;
        for (int j = 0; j < a.length; j++) {
            double x = b == null ? a[j] : a[j] + b[j];
            squared += x * x;
        }
        return n < 2 ? 0 : (squared - n) / ((double) n * (n - 1));
    }

    private static double factor(int[] a, int[] b) {
        int dominantA = dominant(a);
        int dominantB = dominant(b);
        if (dominantA < 0 || dominantB < 0) {
            return 1.0;
        }
        return dominantA == dominantB ? TOGETHER_FACTOR : APART_FACTOR;
    }

    /** The previous cluster that at least half of the group's previously clustered members came from, or -1. */
    private static int dominant(int[] counts) {
        int total = 0;
        int best = -1;
        for (int j = 0; j < counts.length; j++) {
            total += counts[j];
            if (best < 0 || counts[j] > counts[best]) {
                best = j;
            }
        }
        return total >= MIN_HISTORY && best >= 0 && 2 * counts[best] >= total ? best : -1;
    }
}
