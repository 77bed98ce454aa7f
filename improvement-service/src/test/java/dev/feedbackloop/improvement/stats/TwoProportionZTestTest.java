package dev.feedbackloop.improvement.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected values by hand: 45/100 vs 60/100 pools to 0.525, se = sqrt(0.525 * 0.475 * 0.02) = 0.0706222, z = 0.15 /
 * 0.0706222 = 2.12398; p-values as {@code 2 * scipy.stats.norm.sf(|z|)} (scipy 1.17.1).
 */
class TwoProportionZTestTest {

    @Test
    void aHigherSecondProportionGivesAPositiveZ() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(45, 100, 60, 100);
        assertThat(r.z()).isCloseTo(2.1239769762143657, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.033672068856345855, within(1e-12));
        assertThat(r.p1()).isEqualTo(0.45);
        assertThat(r.p2()).isEqualTo(0.60);
        assertThat(r.significantAt(0.05)).isTrue();
        assertThat(r.significantAt(0.01)).isFalse();
    }

    @Test
    void largeSamplesAndALowerSecondProportion() {
        TwoProportionZTest.Result up = TwoProportionZTest.test(780, 1000, 820, 1000);
        assertThat(up.z()).isCloseTo(2.236067977499786, within(1e-12));
        assertThat(up.pValue()).isCloseTo(0.0253473186774685, within(1e-12));
        TwoProportionZTest.Result down = TwoProportionZTest.test(300, 400, 290, 400);
        assertThat(down.z()).isCloseTo(-0.8035434036903085, within(1e-12));
        assertThat(down.pValue()).isCloseTo(0.4216607202984344, within(1e-12));
        assertThat(down.significantAt(0.05)).isFalse();
    }

    @Test
    void degenerateInputsAreNotTested() {
        TwoProportionZTest.Result empty = TwoProportionZTest.test(0, 0, 5, 10);
        assertThat(empty.tested()).isFalse();
        assertThat(empty.pValue()).isEqualTo(1.0);
        assertThat(empty.p1()).isNull();
        assertThat(empty.p2()).isEqualTo(0.5);
        TwoProportionZTest.Result allSucceed = TwoProportionZTest.test(50, 50, 80, 80);
        assertThat(allSucceed.tested()).isFalse();
        assertThat(allSucceed.pValue()).isEqualTo(1.0);
        assertThat(TwoProportionZTest.test(0, 50, 0, 80).significantAt(0.05)).isFalse();
        assertThatThrownBy(() -> TwoProportionZTest.test(5, 4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
