package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging prototypes into modes: the most alike first, hysteresis from the previous run, and a mode found before not
 * dissolved by a loose prototype joining it.
 */
class PrototypeMergingTest {

    static final double THRESHOLD = 0.12;
    static final double KEEP = 0.21;

    /** The sum of {@code n} unit vectors with mean pairwise similarity {@code cohesion}, pointing along {@code direction}. */
    static double[] sumOf(int n, double cohesion, double[] direction) {
        double length = Math.sqrt(n + cohesion * n * (n - 1));
        double[] unit = Vectors.normalized(direction);
        double[] sum = new double[unit.length];
        for (int j = 0; j < unit.length; j++) {
            sum[j] = unit[j] * length;
        }
        return sum;
    }

    // a mode (10 members, cohesion 0.30) and a loose prototype of noise (10 members, cohesion 0) near it: alike enough
    // to merge by average linkage (0.154), but the union's cohesion (0.152) is too loose for a mode
    final double[][] sums = {sumOf(10, 0.30, new double[]{1, 0, 0}), sumOf(10, 0.0, new double[]{0.8, 0.6, 0})};
    final int[] sizes = {10, 10};

    @Test
    void aModeFoundBeforeDoesNotTakeInALoosePrototypeThatWouldDissolveIt() {
        int[][] history = {{9}, {0}};

        int[] groups = PrototypeMerging.groups(sums, sizes, THRESHOLD, 0.1, history, true, new ModeBar(KEEP, null), new double[2]);

        assertThat(groups[0]).isNotEqualTo(groups[1]);
        assertThat(PrototypeMerging.mergedCohesion(sums[0], sums[1], 20)).isLessThan(KEEP);
    }

    @Test
    void withoutThatRuleOrWithoutHistoryTheyMerge() {
        assertThat(PrototypeMerging.groups(sums, sizes, THRESHOLD, 0.1, new int[][]{{9}, {0}}, true, null, new double[2]))
                .containsExactly(0, 0);
        // a first run has no history: nothing was found before, so nothing is kept
        assertThat(PrototypeMerging.groups(sums, sizes, THRESHOLD, 0.1, new int[][]{{}, {}}, true, new ModeBar(KEEP, null), new double[2]))
                .containsExactly(0, 0);
    }

    @Test
    void aModeFoundBeforeStillTakesInAPrototypeThatKeepsItCohesive() {
        double[][] tight = {sums[0], sumOf(10, 0.30, new double[]{0.9, 0.1, 0})};

        assertThat(PrototypeMerging.groups(tight, sizes, THRESHOLD, 0.1, new int[][]{{9}, {0}}, true, new ModeBar(KEEP, null), new double[2]))
                .containsExactly(0, 0);
    }
}
