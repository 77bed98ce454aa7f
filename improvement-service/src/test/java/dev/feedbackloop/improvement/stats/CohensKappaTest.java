package dev.feedbackloop.improvement.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CohensKappaTest {

    /**
     * The classic 2x2 example (Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, two readers): both
     * yes 20, A yes B no 5, A no B yes 10, both no 15. po = 35/50 = 0.7; A says yes 0.5, B 0.6, so
     * pe = 0.5 x 0.6 + 0.5 x 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
     * <p>
     * Fleiss-Cohen-Everitt by hand (p11 .4, p12 .1, p21 .2, p22 .3; rows .5 .5; columns .6 .4; 1 - k = .6):
     * diagonal .4 (1 - 1.1 x .6)² + .3 (1 - .9 x .6)² = .04624 + .06348 = .10972;
     * off-diagonal .36 x (.1 x (.6 + .5)² + .2 x (.4 + .5)²) = .36 x .283 = .10188;
     * minus (.4 - .5 x .6)² = .01; var = .2016 / (50 x .25) = .016128, se = .126996.
     * Simple approximation: sqrt(.7 x .3 / (50 x .25)) = sqrt(.0168) = .129615.
     */
    @Test
    void theClassicTwoByTwoExampleHasKappaPointFour() {
        CohensKappa.Agreement a = CohensKappa.of(new long[][]{{20, 5}, {10, 15}});
        assertThat(a.n()).isEqualTo(50);
        assertThat(a.observed()).isCloseTo(0.7, within(1e-12));
        assertThat(a.expected()).isCloseTo(0.5, within(1e-12));
        assertThat(a.kappa()).isCloseTo(0.4, within(1e-12));
        assertThat(a.standardError()).isCloseTo(Math.sqrt(0.016128), within(1e-12));
        assertThat(a.standardError()).isCloseTo(0.126996, within(1e-6));
        assertThat(CohensKappa.simpleStandardError(a)).isCloseTo(0.129615, within(1e-6));
    }

    @Test
    void theTableBuiltPairByPairGivesTheSameAgreementAndSwappingRatersChangesNothing() {
        CohensKappa.Table table = new CohensKappa.Table();
        CohensKappa.Table swapped = new CohensKappa.Table();
        add(table, swapped, "yes", "yes", 20);
        add(table, swapped, "yes", "no", 5);
        add(table, swapped, "no", "yes", 10);
        add(table, swapped, "no", "no", 15);
        assertThat(table.agreement().kappa()).isCloseTo(0.4, within(1e-12));
        assertThat(table.agreement().standardError()).isCloseTo(0.126996, within(1e-6));
        assertThat(swapped.agreement().kappa()).isCloseTo(0.4, within(1e-12));
        assertThat(swapped.agreement().standardError()).isCloseTo(table.agreement().standardError(), within(1e-12));
    }

    private static void add(CohensKappa.Table table, CohensKappa.Table swapped, String a, String b, int times) {
        for (int i = 0; i < times; i++) {
            table.add(a, b);
            swapped.add(b, a);
        }
    }

    @Test
    void perfectAgreementIsOneWithNoError() {
        CohensKappa.Agreement a = CohensKappa.of(new long[][]{{30, 0, 0}, {0, 20, 0}, {0, 0, 10}});
        assertThat(a.kappa()).isCloseTo(1.0, within(1e-12));
        assertThat(a.standardError()).isCloseTo(0.0, within(1e-9));
    }

    /** po = pe = 0.5. FCE by hand: diagonal terms vanish (1 - 1 x 1 = 0), off-diagonal .25 + .25 = .5, minus (0 - .5)² = .25: var = .25 / (100 x .25) = .01. */
    @Test
    void chanceAgreementIsZero() {
        CohensKappa.Agreement a = CohensKappa.of(new long[][]{{25, 25}, {25, 25}});
        assertThat(a.kappa()).isCloseTo(0.0, within(1e-12));
        assertThat(a.standardError()).isCloseTo(0.1, within(1e-12));
        assertThat(CohensKappa.simpleStandardError(a)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void completeDisagreementOnTwoBalancedCategoriesIsMinusOne() {
        assertThat(CohensKappa.of(new long[][]{{0, 10}, {10, 0}}).kappa()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void aSingleCategoryLeavesKappaUndefined() {
        CohensKappa.Table table = new CohensKappa.Table();
        for (int i = 0; i < 40; i++) {
            table.add("pass", "pass");
        }
        CohensKappa.Agreement a = table.agreement();
        assertThat(a.expected()).isEqualTo(1.0);
        assertThat(a.kappa()).isNull();
        assertThat(a.standardError()).isNull();
        assertThat(CohensKappa.simpleStandardError(a)).isNull();
        assertThat(CohensKappa.of(new long[][]{{0}}).kappa()).isNull();
    }

    /** z = (0.8 - 0.4) / sqrt(0.05² + 0.1²) = 0.4 / 0.111803 = 3.577709; 1 - Φ(3.577709) = 1.7331e-4. */
    @Test
    void aDropIsTestedOneSided() {
        double z = CohensKappa.dropZ(0.8, 0.05, 0.4, 0.1);
        assertThat(z).isCloseTo(3.577709, within(1e-6));
        assertThat(CohensKappa.dropPValue(z)).isCloseTo(1.7331e-4, within(1e-7));
        // a rise is no drop: its one-sided p-value is large
        assertThat(CohensKappa.dropPValue(CohensKappa.dropZ(0.4, 0.1, 0.8, 0.05))).isGreaterThan(0.99);
    }

    @Test
    void aSignificantDropIsBothUnlikelyByChanceAndLargeEnough() {
        CohensKappa.Agreement chance = CohensKappa.of(new long[][]{{25, 25}, {25, 25}}); // 0 +- 0.1
        // 0.8 -> 0: z = 0.8 / sqrt(0.05² + 0.1²) = 7.2
        assertThat(CohensKappa.significantDrop(0.8, 0.05, chance, 0.05, 0.1)).isTrue();
        // 0.15 -> 0: large enough (0.15 >= 0.1) but z = 0.15 / 0.1118 = 1.34, p = 0.09
        assertThat(CohensKappa.significantDrop(0.15, 0.05, chance, 0.05, 0.1)).isFalse();
        // 0.05 -> 0 with tiny errors would be significant, but is smaller than min-drop
        CohensKappa.Agreement big = CohensKappa.of(new long[][]{{2500, 2500}, {2500, 2500}}); // se 0.01
        assertThat(CohensKappa.significantDrop(0.05, 0.001, big, 0.05, 0.1)).isFalse();
        assertThat(CohensKappa.significantDrop(0.05, 0.001, big, 0.05, 0.0)).isTrue();
        // an undefined later kappa is no drop
        assertThat(CohensKappa.significantDrop(0.8, 0.05, CohensKappa.of(new long[][]{{40}}), 0.05, 0.1)).isFalse();
    }
}
