package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quality on a labelled synthetic day: eight failure modes of 40-60 failures each (templates x synonyms x filler x
 * typos, two or three intents per mode, tools shared between modes) plus 20 % unrelated noise; then the same day
 * with 10 % new failures. The figures are printed; {@code ClusteringExperiment} measures the same over 20 seeds.
 */
class FailureClusteringQualityTest {

    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
    private static final int MODES = 8;

    @ParameterizedTest(name = "corpus seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void modesAreFoundNoiseStaysOutAndIdsSurviveTenPercentNewFailures(long corpusSeed) {
        SyntheticFailures generator = new SyntheticFailures(corpusSeed);
        List<SyntheticFailures.Labelled> day = generator.generate(MODES, 50, 0.2, "a", DAY, Duration.ofHours(24));
        AtomicInteger ids = new AtomicInteger();
        FailureClustering clustering = new FailureClustering(ClusteringSettings.defaults(), () -> "mode-" + ids.incrementAndGet());

        FailureClusters first = clustering.cluster(failures(day), null);
        List<SyntheticFailures.Labelled> next = new ArrayList<>(day);
        next.addAll(generator.generate(MODES, 5, 0.2, "b", DAY.plus(Duration.ofHours(24)), Duration.ofHours(2)));
        FailureClusters second = clustering.cluster(failures(next), first);

        ClusteringMetrics quality = ClusteringMetrics.of(day, first);
        ClusteringMetrics qualityAfter = ClusteringMetrics.of(next, second);
        double stability = ClusteringMetrics.stability(first, second);
        System.out.printf(Locale.ROOT, "corpus seed %d, %d failures: %s%n  after %d new failures: %s; stability %.1f %%%n",
                corpusSeed, day.size(), quality.summary(), next.size() - day.size(), qualityAfter.summary(), 100 * stability);

        for (ClusteringMetrics run : List.of(quality, qualityAfter)) {
            assertThat(run.ari()).as("adjusted Rand index on the clustered failures").isGreaterThanOrEqualTo(0.8);
            assertThat(run.purestModeCount()).as("modes that are the majority of some cluster").isEqualTo(MODES);
            assertThat(run.modePointsClustered()).as("share of mode failures in some cluster").isGreaterThanOrEqualTo(0.9);
            assertThat(run.largestNoiseMajorityCluster()).as("largest cluster made mostly of noise").isLessThan(20);
        }
        assertThat(stability).as("members keeping their cluster id").isGreaterThanOrEqualTo(0.95);
    }

    private static List<Failure> failures(List<SyntheticFailures.Labelled> labelled) {
        return labelled.stream().map(SyntheticFailures.Labelled::failure).toList();
    }
}
