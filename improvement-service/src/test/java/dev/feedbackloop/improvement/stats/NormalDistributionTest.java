package dev.feedbackloop.improvement.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expected values from scipy 1.17.1: {@code scipy.stats.norm.cdf(x)} and {@code norm.sf(x)}. */
class NormalDistributionTest {

    @ParameterizedTest
    @CsvSource({
            "-8, 6.22096057427174e-16",
            "-5, 2.866515718791933e-07",
            "-3, 0.0013498980316300933",
            "-1.959963984540054, 0.025",
            "-1, 0.15865525393145707",
            "0, 0.5",
            "0.5, 0.6914624612740131",
            "1.644853626951472, 0.95",
            "2.5, 0.9937903346742238"})
    void cdfMatchesKnownValuesWithin1e14(double x, double expected) {
        assertThat(NormalDistribution.cdf(x)).isCloseTo(expected, within(1e-14));
    }

    @ParameterizedTest
    @CsvSource({
            "-8, 6.22096057427174e-16",
            "-5, 2.866515718791933e-07",
            "6, 9.865876450376946e-10",
            "9, 1.1285884059538324e-19"})
    void tailsKeepTheirRelativePrecision(double x, double lowerTail) {
        double tail = x < 0 ? NormalDistribution.cdf(x) : NormalDistribution.upperTail(x);
        assertThat(tail / lowerTail).isCloseTo(1.0, within(1e-7));
    }

    @Test
    void twoSidedPValues() {
        assertThat(NormalDistribution.twoSidedP(1.959963984540054)).isCloseTo(0.05, within(1e-14));
        assertThat(NormalDistribution.twoSidedP(-1.959963984540054)).isCloseTo(0.05, within(1e-14));
        assertThat(NormalDistribution.twoSidedP(0)).isEqualTo(1.0);
        assertThat(NormalDistribution.twoSidedP(40)).isEqualTo(0.0);
        assertThat(NormalDistribution.cdf(Double.NaN)).isNaN();
    }
}
