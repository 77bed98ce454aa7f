package dev.feedbackloop.analysis.drift;

import dev.feedbackloop.support.readmodel.StoredKeys;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class FeatureHistogramTest {

    @Test
    void weightedDecilesEqualTheDecilesOfTheExpandedSample() {
        Random random = new Random(7);
        double[] values = random.doubles(40, 0, 1000).sorted().toArray();
        long[] weights = random.longs(40, 1, 9).toArray();
        double[] expanded = new double[(int) Arrays.stream(weights).sum()];
        for (int i = 0, k = 0; i < values.length; i++) {
            for (long w = 0; w < weights[i]; w++) {
                expanded[k++] = values[i];
            }
        }
        assertThat(NumericBins.deciles(values, weights).upperEdges())
                .containsExactly(NumericBins.deciles(expanded).upperEdges(), offset(1e-9));
    }

    @Test
    void numbersLandOnAOnePercentGridAndReadBackWithinHalfAPercent() {
        for (double v : new double[]{1, 2, 3, 17, 412, 5300, 0.004, -12.5, 1e9}) {
            assertThat(Observations.numberOf(Observations.numberKey(v))).isCloseTo(v, offset(Math.abs(v) * 0.005));
        }
        assertThat(Observations.numberKey(0)).isEqualTo("z");
        assertThat(Observations.numberKey(412)).isNotEqualTo(Observations.numberKey(417));
    }

    @Test
    void namesWithDotsDollarsAndPercentsRoundTripThroughFieldSafeNames() {
        String name = "$weird.key%2E with.dots";
        String safe = StoredKeys.encode(name);
        assertThat(safe).doesNotContain(".").doesNotStartWith("$");
        assertThat(StoredKeys.decode(safe)).isEqualTo(name);
    }

    @Test
    void feedbackWithoutTheFeatureCountsInTheMissingBinAndNewCategoriesInTheUnseenOne() {
        FeatureHistogram reference = new FeatureHistogram();
        reference.add(Observations.categoryKey("billing"), 6);
        reference.add(Observations.categoryKey("refunds"), 2);
        reference.addCarrying(8);
        Bins bins = reference.referenceBins();
        assertThat(bins.labels()).containsExactly("billing", "refunds", CategoricalBins.UNSEEN, CategoricalBins.MISSING);
        // 10 feedback in the window, 8 carried the feature
        assertThat(reference.countInto(bins, 10)).containsExactly(6, 2, 0, 2);

        FeatureHistogram current = new FeatureHistogram();
        current.add(Observations.categoryKey("billing"), 3);
        current.add(Observations.categoryKey("cancellation"), 4);
        current.addCarrying(7);
        assertThat(current.countInto(bins, 7)).containsExactly(3, 0, 4, 0);
    }

    @Test
    void numericHistogramsAreBinnedOnTheReferenceDecilesWithAMissingBin() {
        FeatureHistogram reference = new FeatureHistogram();
        for (int v = 1; v <= 100; v++) {
            reference.add(Observations.numberKey(v), 1);
        }
        reference.addCarrying(100);
        NumericBins bins = (NumericBins) reference.referenceBins();
        assertThat(bins.size()).isEqualTo(11);
        long[] counts = reference.countInto(bins, 120);
        assertThat(Arrays.stream(counts, 0, 10).sum()).isEqualTo(100);
        assertThat(counts[10]).isEqualTo(20);
        assertThat(Arrays.stream(counts, 0, 10).allMatch(c -> c >= 9 && c <= 11)).isTrue();
    }

    @Test
    void slidingAWindowBySubtractingAnHourLeavesTheOtherHours() {
        FeatureHistogram hourOne = new FeatureHistogram();
        hourOne.add("cbilling", 3);
        hourOne.addCarrying(3);
        FeatureHistogram hourTwo = new FeatureHistogram();
        hourTwo.add("crefunds", 2);
        hourTwo.addCarrying(2);
        FeatureHistogram window = new FeatureHistogram();
        window.add(hourOne, 1);
        window.add(hourTwo, 1);
        window.add(hourOne, -1);
        assertThat(window.carrying()).isEqualTo(2);
        assertThat(window.countInto(new CategoricalBins(java.util.List.of("billing", "refunds")), 2)).containsExactly(0, 2, 0, 0);
    }
}
