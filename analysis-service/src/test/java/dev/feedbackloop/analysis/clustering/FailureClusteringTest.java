package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureClusteringTest {

    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");

    private static FailureClustering clustering() {
        AtomicInteger ids = new AtomicInteger();
        return new FailureClustering(ClusteringSettings.defaults(), () -> "mode-" + ids.incrementAndGet());
    }

    private static List<Failure> day(long seed, int modes) {
        return new SyntheticFailures(seed).generate(modes, 40, 0.2, "f", DAY, Duration.ofHours(24)).stream()
                .map(SyntheticFailures.Labelled::failure).toList();
    }

    @Test
    void theSameFailuresInAnyOrderGiveTheSameClusters() {
        List<Failure> failures = day(1, 4);
        List<Failure> shuffled = new ArrayList<>(failures);
        Collections.shuffle(shuffled, new Random(3));

        FailureClusters a = clustering().cluster(failures, null);
        FailureClusters b = clustering().cluster(shuffled, null);

        assertThat(a.clusters()).isNotEmpty();
        assertThat(b.clusters()).extracting(Cluster::id, Cluster::memberIds, Cluster::label)
                .containsExactlyElementsOf(a.clusters().stream().map(c -> org.assertj.core.groups.Tuple.tuple(c.id(), c.memberIds(), c.label())).toList());
        assertThat(b.noise()).isEqualTo(a.noise());
    }

    @Test
    void everyFailureIsEitherInExactlyOneClusterOrNoise() {
        List<Failure> failures = day(2, 4);

        FailureClusters result = clustering().cluster(failures, null);

        List<String> all = new ArrayList<>(result.noise());
        result.clusters().forEach(c -> all.addAll(c.memberIds()));
        assertThat(all).doesNotHaveDuplicates().hasSize(failures.size());
        assertThat(result.failureCount()).isEqualTo(failures.size());
    }

    @Test
    void clustersAreLabelledByTheirWordsAndShowTheirClosestMembers() {
        List<Failure> day = day(3, 4);
        java.util.Map<String, String> textOf = new java.util.HashMap<>();
        day.forEach(f -> textOf.put(f.id(), f.text().toLowerCase(java.util.Locale.ROOT)));
        FailureClusters result = clustering().cluster(day, null);

        assertThat(result.clusters()).allSatisfy(c -> {
            assertThat(c.exemplarIds()).hasSizeBetween(1, 5);
            assertThat(c.memberIds()).containsAll(c.exemplarIds());
            assertThat(c.topTerms()).isNotEmpty().noneMatch(FailureText::isMeta);
            // key phrases as the members wrote them
            assertThat(c.label().split(", ")).isNotEmpty().allSatisfy(phrase -> assertThat(c.memberIds())
                    .anySatisfy(id -> assertThat(textOf.get(id)).contains(phrase)));
            assertThat(c.firstAt()).isBeforeOrEqualTo(c.lastAt());
        });
        assertThat(result.clusters()).anySatisfy(c -> assertThat(c.topTerms()).contains("password", "reset"));
    }

    @Test
    void tooFewFailuresAreAllNoise() {
        List<Failure> few = day(4, 1).subList(0, 4);

        FailureClusters result = clustering().cluster(few, null);

        assertThat(result.clusters()).isEmpty();
        assertThat(result.noise()).hasSize(4);
        assertThat(result.changes().discovered()).isEmpty();
    }

    @Test
    void embeddingsAreUsedWhenEveryFailureHasOne() {
        List<Failure> failures = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 30; i++) {
            float[] embedding = new float[8];
            embedding[i % 2 == 0 ? 0 : 4] = 1;
            for (int d = 0; d < 8; d++) {
                embedding[d] += (float) (0.05 * random.nextGaussian());
            }
            // the texts say nothing in common: only the embeddings can group them
            failures.add(new Failure(String.format("e%02d", i), DAY, "word" + i, "support", List.of(), embedding));
        }

        FailureClusters result = clustering().cluster(failures, null);

        assertThat(result.space()).isEqualTo("embedding8-centered-meta0.15");
        assertThat(result.clusters()).hasSize(2).allSatisfy(c -> assertThat(c.size()).isEqualTo(15));
        assertThat(result.clusters().get(0).centroid()).hasSize(8 + FailureClustering.META_DIMENSION);
    }

    @Test
    void withoutAnEmbeddingForEveryFailureTheTextIsUsed() {
        List<Failure> failures = new ArrayList<>(day(6, 2));
        Failure first = failures.get(0);
        failures.set(0, new Failure(first.id(), first.at(), first.text(), first.intent(), first.tools(), new float[]{1, 0}));

        FailureClusters result = clustering().cluster(failures, null);

        assertThat(result.space()).startsWith("tfidf-rp256");
        assertThat(result.clusters()).isNotEmpty().allSatisfy(c -> assertThat(c.centroid()).hasSize(256));
    }

    @Test
    void aSecondRunKeepsTheIdsOfTheModesItContinues() {
        List<Failure> failures = day(7, 4);
        FailureClustering clustering = clustering();
        FailureClusters first = clustering.cluster(failures, null);

        FailureClusters second = clustering.cluster(failures, first);

        assertThat(second.clusters()).extracting(Cluster::id).containsExactlyElementsOf(first.clusters().stream().map(Cluster::id).toList());
        assertThat(second.changes().discovered()).isEmpty();
        assertThat(second.changes().vanished()).isEmpty();
    }

    @Test
    void duplicateIdsAreRefused() {
        Failure failure = Failure.ofText("same", DAY, "refund", "billing", List.of());

        assertThatThrownBy(() -> clustering().cluster(List.of(failure, failure), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
    }
}
