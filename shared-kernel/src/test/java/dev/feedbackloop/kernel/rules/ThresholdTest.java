package dev.feedbackloop.kernel.rules;

import dev.feedbackloop.kernel.rules.Threshold.Comparator;
import dev.feedbackloop.kernel.rules.Threshold.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdTest {

    @Test
    void absoluteComparisonsAreReadWithOrWithoutSpaces() {
        assertThat(Threshold.parse("< 0.80")).isEqualTo(new Threshold(Comparator.LT, 0.8, Kind.ABSOLUTE));
        assertThat(Threshold.parse("<= 0.8")).isEqualTo(new Threshold(Comparator.LE, 0.8, Kind.ABSOLUTE));
        assertThat(Threshold.parse("> 20")).isEqualTo(new Threshold(Comparator.GT, 20, Kind.ABSOLUTE));
        assertThat(Threshold.parse(">=3")).isEqualTo(new Threshold(Comparator.GE, 3, Kind.ABSOLUTE));
        assertThat(Threshold.parse("  > .25 ")).isEqualTo(new Threshold(Comparator.GT, 0.25, Kind.ABSOLUTE));
    }

    @Test
    void aPercentAfterDropOrRiseIsAShareOfTheBaseline() {
        assertThat(Threshold.parse("drop > 5%")).isEqualTo(new Threshold(Comparator.GT, 0.05, Kind.RELATIVE_DROP));
        assertThat(Threshold.parse("rise > 10%")).isEqualTo(new Threshold(Comparator.GT, 0.1, Kind.RELATIVE_RISE));
        assertThat(Threshold.parse("Drop >= 12.5 %")).isEqualTo(new Threshold(Comparator.GE, 0.125, Kind.RELATIVE_DROP));
    }

    @Test
    void dropOrRiseWithoutAPercentIsADifferenceInTheMetricsUnit() {
        assertThat(Threshold.parse("drop > 0.05")).isEqualTo(new Threshold(Comparator.GT, 0.05, Kind.DIFFERENCE_DROP));
        assertThat(Threshold.parse("rise >= 2")).isEqualTo(new Threshold(Comparator.GE, 2, Kind.DIFFERENCE_RISE));
        assertThat(Threshold.parse("drop > 0.05").kind().comparesToBaseline()).isTrue();
        assertThat(Threshold.parse("> 0.05").kind().comparesToBaseline()).isFalse();
    }

    @Test
    void aMultipleOfTheBaselineIsWrittenWithAnXOrAsAPercentOfTheBaseline() {
        assertThat(Threshold.parse("> 1.5x baseline")).isEqualTo(new Threshold(Comparator.GT, 1.5, Kind.RATIO));
        assertThat(Threshold.parse("> 150% baseline")).isEqualTo(new Threshold(Comparator.GT, 1.5, Kind.RATIO));
        assertThat(Threshold.parse(">2 x Baseline")).isEqualTo(new Threshold(Comparator.GT, 2, Kind.RATIO));
        assertThat(Threshold.parse("< 0.5x baseline")).isEqualTo(new Threshold(Comparator.LT, 0.5, Kind.RATIO));
        assertThat(Threshold.parse("> 150% baseline")).hasToString("> 1.5x baseline");
        assertThat(Threshold.parse("> 1.5x baseline").kind().comparesToBaseline()).isTrue();
        assertThatThrownBy(() -> Threshold.parse("> 1.5x")).hasMessageContaining("a multiple is of the baseline");
        assertThatThrownBy(() -> Threshold.parse("> 1.5 baseline")).hasMessageContaining("\"> 1.5x baseline\"");
        assertThatThrownBy(() -> Threshold.parse("rise > 50% baseline")).hasMessageContaining("\"> 150% baseline\"");
    }

    @Test
    void aRatioIsTheValueOverTheBaseline() {
        Threshold ratio = Threshold.parse("> 1.5x baseline");
        assertThat(ratio.holds(16, 10.0)).isTrue();
        assertThat(ratio.holds(15, 10.0)).as("exactly 1.5 times is not more").isFalse();
        assertThat(ratio.holds(14, 10.0)).isFalse();
        assertThat(ratio.holds(16, null)).isFalse();
        assertThat(ratio.holds(16, 0.0)).as("no multiple of nothing").isFalse();
    }

    @Test
    void theTextFormRoundTrips() {
        for (String text : List.of("< 0.8", "<= 0.8", "> 20", ">= 3", "> 0.25", "drop > 5%", "rise > 10%",
                "drop >= 12.5%", "drop > 0.05", "rise < 2", "> 0.0000001", "rise > 150%", "> 1.5x baseline", "< 0.5x baseline")) {
            assertThat(Threshold.parse(text)).as(text).hasToString(text);
            assertThat(Threshold.parse(Threshold.parse(text).toString())).isEqualTo(Threshold.parse(text));
        }
        assertThat(Threshold.parse("< 0.80")).hasToString("< 0.8");
        assertThat(Threshold.parse(">=3")).hasToString(">= 3");
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatExist() {
        for (String text : List.of("<< 0.8", "= 0.8", "0.8", "< ", "< abc", "fall > 5%", "drop 5%", "< -1", "> 1e3")) {
            assertThatThrownBy(() -> Threshold.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + text + "\" is not a comparison like \"< 0.80\", \">= 3\", \"drop > 5%\"");
        }
        assertThatThrownBy(() -> Threshold.parse("< 80%")).hasMessageContaining("% is only for a drop or rise");
        assertThatThrownBy(() -> Threshold.parse(null)).hasMessageContaining("comparison like");
        assertThatThrownBy(() -> new Threshold(Comparator.GT, Double.NaN, Kind.ABSOLUTE)).hasMessageContaining("finite");
    }

    @Test
    void absoluteThresholdsCompareTheValueAndTreatTheLimitItselfByTheComparator() {
        assertThat(Threshold.parse("< 0.80").holds(0.79, null)).isTrue();
        assertThat(Threshold.parse("< 0.80").holds(0.80, null)).isFalse();
        assertThat(Threshold.parse("<= 0.80").holds(0.80, null)).isTrue();
        assertThat(Threshold.parse("<= 0.80").holds(0.8000001, null)).isFalse();
        assertThat(Threshold.parse("> 20").holds(20, 5.0)).isFalse();
        assertThat(Threshold.parse("> 20").holds(21, null)).isTrue();
        assertThat(Threshold.parse(">= 3").holds(3, null)).isTrue();
        assertThat(Threshold.parse(">= 3").holds(2.999, null)).isFalse();
        assertThat(Threshold.parse("< 0.80").holds(Double.NaN, null)).isFalse();
    }

    @Test
    void aRelativeDropIsTheLossAsAShareOfTheBaseline() {
        Threshold drop = Threshold.parse("drop > 5%");
        assertThat(drop.holds(0.75, 0.80)).as("6.25% down").isTrue();
        assertThat(drop.holds(0.77, 0.80)).as("3.75% down").isFalse();
        assertThat(drop.holds(0.90, 0.80)).as("up").isFalse();
        assertThat(Threshold.parse("drop >= 5%").holds(0.76, 0.80)).isTrue();
    }

    @Test
    void exactlyTheLimitIsTheLimitDespiteFloatingPointNoise() {
        assertThat((0.80 - 0.76) / 0.80).as("what doubles compute").isGreaterThan(0.05);
        assertThat(Threshold.parse("drop > 5%").holds(0.76, 0.80)).isFalse();
        assertThat(Threshold.parse("drop >= 5%").holds(0.76, 0.80)).isTrue();
        assertThat(Threshold.parse("rise < 10%").holds(1.1, 1.0)).isFalse();
        assertThat(Threshold.parse("rise <= 10%").holds(1.1, 1.0)).isTrue();
        assertThat(0.80 - 0.70).as("what doubles compute").isGreaterThan(0.1);
        assertThat(Threshold.parse("drop > 0.1").holds(0.70, 0.80)).isFalse();
    }

    @Test
    void aRelativeRiseIsTheGainAsAShareOfTheBaseline() {
        Threshold rise = Threshold.parse("rise > 10%");
        assertThat(rise.holds(0.12, 0.10)).as("20% up").isTrue();
        assertThat(rise.holds(0.105, 0.10)).as("5% up").isFalse();
        assertThat(rise.holds(0.05, 0.10)).as("down").isFalse();
    }

    @Test
    void relativeThresholdsNeverHoldWithoutABaselineToDivideBy() {
        for (String text : List.of("drop > 5%", "rise > 10%", "drop >= 0%", "rise >= 0%")) {
            Threshold threshold = Threshold.parse(text);
            assertThat(threshold.holds(0.5, null)).as(text + " without baseline").isFalse();
            assertThat(threshold.holds(0.5, 0.0)).as(text + " against zero").isFalse();
            assertThat(threshold.holds(0.5, Double.NaN)).as(text + " against NaN").isFalse();
        }
    }

    @Test
    void aDifferenceIsMeasuredInTheMetricsOwnUnit() {
        Threshold drop = Threshold.parse("drop > 0.05");
        assertThat(drop.holds(0.74, 0.80)).isTrue();
        assertThat(drop.holds(0.76, 0.80)).isFalse();
        assertThat(drop.holds(0.5, null)).isFalse();
        Threshold rise = Threshold.parse("rise > 2");
        assertThat(rise.holds(3, 0.0)).as("a zero baseline is a value like any other").isTrue();
        assertThat(rise.holds(2, 0.0)).isFalse();
    }
}
