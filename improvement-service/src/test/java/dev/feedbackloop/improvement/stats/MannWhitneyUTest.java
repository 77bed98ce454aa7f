package dev.feedbackloop.improvement.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected values from scipy 1.17.1, expanding each histogram into ratings:
 * {@code mannwhitneyu(after, before, use_continuity=True, alternative="two-sided", method="asymptotic")} gives U of
 * the first argument (our U2) and the p-value; |z| is {@code norm.isf(p / 2)}.
 */
class MannWhitneyUTest {

    @Test
    void higherRatingsAfterAreSignificant() {
        MannWhitneyU.Result r = MannWhitneyU.test(new long[]{5, 10, 20, 40, 25}, new long[]{2, 5, 15, 38, 40});
        assertThat(r.u2()).isEqualTo(6020.0);
        assertThat(r.u1()).isEqualTo(100 * 100 - 6020.0);
        assertThat(r.pValue()).isCloseTo(0.008665466375603075, within(1e-12));
        assertThat(r.z()).isCloseTo(2.624977616130429, within(1e-9));
        assertThat(r.commonLanguage()).isCloseTo(0.602, within(1e-12));
        assertThat(r.direction()).isEqualTo(1);
        assertThat(r.significantAt(0.05)).isTrue();
    }

    @Test
    void aSmallShiftInSmallSamplesIsNotSignificant() {
        MannWhitneyU.Result r = MannWhitneyU.test(new long[]{3, 4, 8, 10, 5}, new long[]{1, 2, 6, 12, 9});
        assertThat(r.u2()).isEqualTo(565.0);
        assertThat(r.pValue()).isCloseTo(0.07826979185582775, within(1e-12));
        assertThat(r.z()).isCloseTo(1.7608145766617909, within(1e-9));
        assertThat(r.significantAt(0.05)).isFalse();
    }

    @Test
    void lowerRatingsAfterGiveANegativeZ() {
        MannWhitneyU.Result r = MannWhitneyU.test(new long[]{5, 5, 10, 20, 20}, new long[]{20, 20, 10, 5, 5});
        // scipy's U for (after=[20,20,10,5,5], before=[5,5,10,20,20]) is 3600 - 2850 = 750 by symmetry
        assertThat(r.u2()).isEqualTo(750.0);
        assertThat(r.z()).isCloseTo(-5.624179210771275, within(1e-8));
        assertThat(r.pValue()).isCloseTo(1.8639207223059313e-08, within(1e-15));
        assertThat(r.direction()).isEqualTo(-1);
    }

    @Test
    void identicalSamplesAndDegenerateOnes() {
        MannWhitneyU.Result same = MannWhitneyU.test(new long[]{10, 10, 10, 10, 10}, new long[]{10, 10, 10, 10, 10});
        assertThat(same.u2()).isEqualTo(1250.0);
        assertThat(same.z()).isEqualTo(0.0);
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.direction()).isZero();
        MannWhitneyU.Result allTied = MannWhitneyU.test(new long[]{0, 0, 30, 0, 0}, new long[]{0, 0, 25, 0, 0});
        assertThat(allTied.tested()).isFalse();
        assertThat(allTied.pValue()).isEqualTo(1.0);
        assertThat(allTied.u2()).isEqualTo(375.0);
        MannWhitneyU.Result empty = MannWhitneyU.test(new long[5], new long[]{1, 1, 1, 1, 1});
        assertThat(empty.tested()).isFalse();
        assertThat(empty.direction()).isZero();
    }

    @Test
    void smallSamplesAreNeverSignificant() {
        MannWhitneyU.Result r = MannWhitneyU.test(new long[]{10, 5, 0, 0, 0}, new long[]{0, 0, 0, 5, 10});
        assertThat(r.pValue()).isLessThan(0.001);
        assertThat(r.approximationAdequate()).isFalse();
        assertThat(r.significantAt(0.05)).isFalse();
    }
}
