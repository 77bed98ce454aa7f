package dev.feedbackloop.analysis.drift;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PsiTest {

    private final Psi psi = new Psi(Psi.DEFAULT_EMPTY_SHARE, 1);

    @Test
    void identicalHistogramsHaveNoDrift() {
        Psi.Result result = psi.compare(new long[]{10, 20, 30}, new long[]{10, 20, 30});
        assertThat(result.value()).isCloseTo(0.0, within(1e-12));
        assertThat(result.level()).isEqualTo(Psi.Level.STABLE);
    }

    @Test
    void aHandCheckedShiftBetweenTwoBins() {
        // (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) = 0.173287 + 0.101366
        Psi.Result result = psi.compare(new long[]{50, 50}, new long[]{25, 75});
        assertThat(result.value()).isCloseTo(0.274653, within(1e-6));
        assertThat(result.level()).isEqualTo(Psi.Level.SIGNIFICANT);
    }

    @Test
    void anEmptyBinCountsAsTheFloorShareSoThePsiStaysFinite() {
        // reference [1.0, 0] -> [1.0, 0.0001]; current [0.9, 0.1]
        // (0.9 - 1) ln(0.9) + (0.1 - 0.0001) ln(0.1 / 0.0001) = 0.010536 + 0.690085
        double expected = (0.9 - 1.0) * Math.log(0.9) + (0.1 - 0.0001) * Math.log(0.1 / 0.0001);
        Psi.Result result = psi.compare(new long[]{100, 0}, new long[]{90, 10});
        assertThat(result.value()).isCloseTo(expected, within(1e-12)).isFinite();
        assertThat(expected).isCloseTo(0.700621, within(1e-6));
    }

    @Test
    void theEmptyShareIsConfigurable() {
        Psi coarse = new Psi(0.01, 1);
        double expected = (0.9 - 1.0) * Math.log(0.9) + (0.1 - 0.01) * Math.log(0.1 / 0.01);
        assertThat(coarse.compare(new long[]{100, 0}, new long[]{90, 10}).value()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void belowTheMinimumSampleCountThereIsNoVerdict() {
        Psi strict = Psi.withDefaults();
        Psi.Result result = strict.compare(new long[]{150, 50}, new long[]{10, 90});
        assertThat(result.level()).isEqualTo(Psi.Level.INSUFFICIENT_DATA);
        assertThat(result.value()).isNaN();
        assertThat(result.currentCount()).isEqualTo(100);
        assertThat(strict.compare(new long[]{150, 50}, new long[]{100, 100}).level()).isNotEqualTo(Psi.Level.INSUFFICIENT_DATA);
    }

    @Test
    void levelsFollowTheSpecificationsThresholds() {
        assertThat(Psi.level(0.05)).isEqualTo(Psi.Level.STABLE);
        assertThat(Psi.level(0.1)).isEqualTo(Psi.Level.MODERATE);
        assertThat(Psi.level(0.2499)).isEqualTo(Psi.Level.MODERATE);
        assertThat(Psi.level(0.25)).isEqualTo(Psi.Level.SIGNIFICANT);
    }

    @Test
    void histogramsOnDifferentBinsCannotBeCompared() {
        assertThatThrownBy(() -> psi.compare(new long[]{1, 2}, new long[]{1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericBinsAreTheReferenceDecilesWithOpenOuterEdges() {
        double[] reference = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        NumericBins bins = NumericBins.deciles(reference);
        assertThat(bins.upperEdges()).hasSize(9);
        assertThat(bins.upperEdges()[0]).isCloseTo(10.9, within(1e-9));
        assertThat(bins.upperEdges()[8]).isCloseTo(90.1, within(1e-9));
        assertThat(bins.binOf(-1e9)).isZero();
        assertThat(bins.binOf(10.9)).isZero();
        assertThat(bins.binOf(11)).isEqualTo(1);
        assertThat(bins.binOf(1e9)).isEqualTo(9);
        assertThat(bins.binOf(Double.NaN)).isEqualTo(bins.missingBin()).isEqualTo(10);
        long[] counts = bins.count(reference);
        assertThat(counts).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0);
        assertThat(psi.compare(counts, bins.count(reference)).value()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aReferenceWithManyIdenticalValuesGetsFewerBinsNotEmptyOnes() {
        double[] reference = new double[100];
        java.util.Arrays.fill(reference, 0, 80, 0.0);
        for (int i = 80; i < 100; i++) {
            reference[i] = i;
        }
        NumericBins bins = NumericBins.deciles(reference);
        assertThat(bins.upperEdges()).doesNotHaveDuplicates().hasSizeLessThan(9);
        assertThatThrownBy(() -> NumericBins.deciles(new double[]{Double.NaN})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShiftedNormalDistributionDriftsSignificantly() {
        Random random = new Random(42);
        double[] reference = random.doubles(5000).map(u -> random.nextGaussian()).toArray();
        double[] same = new Random(7).doubles(5000).map(u -> 0).toArray();
        Random r2 = new Random(7);
        for (int i = 0; i < same.length; i++) {
            same[i] = r2.nextGaussian();
        }
        double[] shifted = new double[5000];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = r2.nextGaussian() + 1.0;
        }
        NumericBins bins = NumericBins.deciles(reference);
        Psi defaults = Psi.withDefaults();
        assertThat(defaults.compare(bins.count(reference), bins.count(same)).level()).isEqualTo(Psi.Level.STABLE);
        assertThat(defaults.compare(bins.count(reference), bins.count(shifted)).level()).isEqualTo(Psi.Level.SIGNIFICANT);
    }

    @Test
    void categoriesTheReferenceNeverSawGoToTheUnseenBinAndNullsToMissing() {
        CategoricalBins bins = CategoricalBins.of(List.of("billing", "refunds", "billing", "shipping"));
        assertThat(bins.labels()).containsExactly("billing", "refunds", "shipping", CategoricalBins.UNSEEN, CategoricalBins.MISSING);
        List<String> current = new ArrayList<>(List.of("billing", "returns", "returns"));
        current.add(null);
        assertThat(bins.count(current)).containsExactly(1, 0, 0, 2, 1);
    }

    @Test
    void aNewCategoryTakingOverIsSignificantDrift() {
        List<String> reference = new ArrayList<>(Collections.nCopies(500, "billing"));
        reference.addAll(Collections.nCopies(500, "refunds"));
        List<String> current = new ArrayList<>(Collections.nCopies(300, "billing"));
        current.addAll(Collections.nCopies(300, "refunds"));
        current.addAll(Collections.nCopies(400, "crypto"));
        CategoricalBins bins = CategoricalBins.of(reference);
        Psi.Result result = Psi.withDefaults().compare(bins.count(reference), bins.count(current));
        assertThat(result.level()).isEqualTo(Psi.Level.SIGNIFICANT);
        assertThat(result.currentShares()[bins.labels().indexOf(CategoricalBins.UNSEEN)]).isCloseTo(0.4, within(1e-12));
    }
}
