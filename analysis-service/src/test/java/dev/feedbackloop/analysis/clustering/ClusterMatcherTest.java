package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterMatcherTest {

    private static final String SPACE = "tfidf-rp4-seed1";
    private static final double[] X = {1, 0, 0, 0};
    private static final double[] Y = {0, 1, 0, 0};
    private static final double[] Z = {0, 0, 1, 0};

    private final AtomicInteger next = new AtomicInteger();
    private final ClusterMatcher matcher = ClusterMatcher.withDefaults(() -> "new-" + next.incrementAndGet());

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static Cluster cluster(String id, List<String> members, double[] centroid) {
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        return new Cluster(id, id, List.of(), members, members.subList(0, 1), centroid, 0.5, at, at);
    }

    private static FailureClusters previous(List<String> noise, Cluster... clusters) {
        return new FailureClusters(List.of(clusters), noise, SPACE,
                new ClusterChanges(List.of(), List.of(), List.of(), List.of(), List.of()));
    }

    private static Set<String> window(List<ClusterMatcher.Candidate> candidates, List<String> noise) {
        Set<String> window = candidates.stream().flatMap(c -> c.memberIds().stream()).collect(Collectors.toCollection(HashSet::new));
        window.addAll(noise);
        return window;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aFirstRunGivesEveryClusterANewIdFromTheIdSourceInOrder() {
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("a", 0, 5), X),
                new ClusterMatcher.Candidate(ids("b", 0, 5), Y));

        ClusterMatcher.Result result = matcher.match(null, now, SPACE, window(now, List.of()));

        assertThat(result.ids()).containsExactly("new-1", "new-2");
        assertThat(result.changes().discovered()).containsExactly("new-1", "new-2");
        assertThat(result.changes().continued()).isEmpty();
    }

    @Test
    void newClustersCanBeNamedAfterThemselvesSoTheSameCandidateGetsTheSameIdWhateverElseIsNew() {
        ClusterMatcher naming = ClusterMatcher.namingNewClusters(c -> "from-" + c.memberIds().get(0));
        FailureClusters before = previous(List.of(), cluster("refunds", ids("a", 0, 10), X));
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("b", 0, 8), Y),
                new ClusterMatcher.Candidate(ids("a", 0, 15), X), new ClusterMatcher.Candidate(ids("c", 3, 9), Z));
        List<ClusterMatcher.Candidate> fewer = List.of(now.get(2), now.get(1));

        ClusterMatcher.Result result = naming.match(before, now, SPACE, window(now, List.of()));
        ClusterMatcher.Result again = naming.match(before, fewer, SPACE, window(fewer, List.of()));

        assertThat(result.ids()).containsExactly("from-b0", "refunds", "from-c3");
        assertThat(again.ids()).containsExactly("from-c3", "refunds");
    }

    @Test
    void aRestoredResultCarriesOnlyClustersNoiseAndSpace() {
        FailureClusters restored = FailureClusters.restored(List.of(cluster("refunds", ids("a", 0, 10), X)),
                List.of("n1"), SPACE);
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("a", 0, 12), X));

        ClusterMatcher.Result result = matcher.match(restored, now, SPACE, window(now, List.of("n1")));

        assertThat(restored.changes().discovered()).isEmpty();
        assertThat(result.ids()).containsExactly("refunds");
    }

    @Test
    void aGrowingModeKeepsItsIdAndANewModeIsDiscovered() {
        FailureClusters before = previous(List.of(), cluster("refunds", ids("a", 0, 10), X));
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("b", 0, 8), Y),
                new ClusterMatcher.Candidate(ids("a", 0, 15), new double[]{0.95, 0.1, 0, 0}));

        ClusterMatcher.Result result = matcher.match(before, now, SPACE, window(now, List.of()));

        assertThat(result.ids()).containsExactly("new-1", "refunds");
        assertThat(result.changes().continued()).singleElement()
                .satisfies(c -> assertThat(c.memberShare()).isEqualTo(1.0));
        assertThat(result.changes().discovered()).containsExactly("new-1");
        assertThat(result.changes().vanished()).isEmpty();
    }

    @Test
    void withNoMembersLeftInTheWindowTheCentroidAloneCarriesTheId() {
        FailureClusters before = previous(List.of(), cluster("refunds", ids("a", 0, 10), X));
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("c", 0, 10), new double[]{0.8, 0.2, 0, 0}));

        ClusterMatcher.Result result = matcher.match(before, now, SPACE, window(now, List.of()));

        assertThat(result.ids()).containsExactly("refunds");
    }

    @Test
    void centroidsOfAnotherSpaceAreNotComparedSoADissimilarModeVanishes() {
        FailureClusters before = previous(List.of(), cluster("refunds", ids("a", 0, 10), X));
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("c", 0, 10), X));

        ClusterMatcher.Result result = matcher.match(before, now, "embedding4", window(now, List.of()));

        assertThat(result.ids()).containsExactly("new-1");
        assertThat(result.changes().vanished()).containsExactly("refunds");
        assertThat(result.changes().discovered()).containsExactly("new-1");
    }

    @Test
    void twoModesWhoseMembersMostlyMeetInOneClusterAreAMerge() {
        FailureClusters before = previous(List.of(), cluster("big", ids("a", 0, 12), X), cluster("small", ids("b", 0, 6), Y));
        List<ClusterMatcher.Candidate> now = List.of(
                new ClusterMatcher.Candidate(concat(ids("a", 0, 12), ids("b", 0, 5)), new double[]{0.9, 0.4, 0, 0}));

        ClusterMatcher.Result result = matcher.match(before, now, SPACE, window(now, List.of("b5")));

        assertThat(result.ids()).containsExactly("big");
        assertThat(result.changes().merges()).containsExactly(new ClusterChanges.Merge("big", List.of("small")));
        assertThat(result.changes().vanished()).isEmpty();
    }

    @Test
    void aModeThatFallsApartIntoTwoClustersIsASplitNotADiscovery() {
        FailureClusters before = previous(List.of(), cluster("payments", ids("a", 0, 20), X));
        List<ClusterMatcher.Candidate> now = List.of(
                new ClusterMatcher.Candidate(ids("a", 0, 12), new double[]{0.8, 0, 0.6, 0}),
                new ClusterMatcher.Candidate(ids("a", 12, 20), new double[]{0.3, 0, 0, 0.95}));

        ClusterMatcher.Result result = matcher.match(before, now, SPACE, window(now, List.of()));

        assertThat(result.ids()).containsExactly("payments", "new-1");
        assertThat(result.changes().splits()).containsExactly(new ClusterChanges.Split("payments", List.of("new-1")));
        assertThat(result.changes().discovered()).isEmpty();
    }

    @Test
    void aModeWithoutCounterpartIsReportedVanished() {
        FailureClusters before = previous(List.of(), cluster("gone", ids("a", 0, 10), Z), cluster("stays", ids("b", 0, 10), X));
        List<ClusterMatcher.Candidate> now = List.of(new ClusterMatcher.Candidate(ids("b", 0, 10), X));

        ClusterMatcher.Result result = matcher.match(before, now, SPACE, window(now, ids("a", 0, 10)));

        assertThat(result.ids()).containsExactly("stays");
        assertThat(result.changes().vanished()).containsExactly("gone");
    }
}
