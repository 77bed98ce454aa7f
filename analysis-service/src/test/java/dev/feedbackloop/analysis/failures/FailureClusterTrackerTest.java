package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.clustering.Cluster;
import dev.feedbackloop.analysis.clustering.ClusterMatcher;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker's naming of clusters, apart from the stores. */
class FailureClusterTrackerTest {

    static final Instant END = Instant.parse("2026-11-20T10:00:00Z");

    static ClusterMatcher.Candidate candidate(String... members) {
        return new ClusterMatcher.Candidate(List.of(members), new double[]{1, 0});
    }

    @Test
    void aNewClusterIsNamedAfterAgentWindowEndAndSmallestMemberAlone() {
        String a = FailureClusterTracker.newIds("bot", END, new HashSet<>()).apply(candidate("f1", "f7"));
        String again = FailureClusterTracker.newIds("bot", END, new HashSet<>()).apply(candidate("f1", "f9", "f12"));

        assertThat(a).startsWith("fc-").isEqualTo(again);
        assertThat(FailureClusterTracker.newIds("bot", END.plusSeconds(1), new HashSet<>()).apply(candidate("f1"))).isNotEqualTo(a);
        assertThat(FailureClusterTracker.newIds("other-bot", END, new HashSet<>()).apply(candidate("f1"))).isNotEqualTo(a);
    }

    @Test
    void aNameAlreadyTakenIsNeverGivenAgain() {
        Set<String> taken = new HashSet<>();
        Function<ClusterMatcher.Candidate, String> ids = FailureClusterTracker.newIds("bot", END, taken);
        String first = ids.apply(candidate("f1"));
        String second = ids.apply(candidate("f1"));

        assertThat(second).isNotEqualTo(first);
        assertThat(taken).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aClusterWithoutWordsIsLabelledByItsCommonestIntentAndTool() {
        Instant at = END.minusSeconds(60);
        Map<String, StoredFailure> byId = Map.of(
                "f1", new StoredFailure("f1", at, "tr-1", "", "billing", List.of("crm_lookup"), "1.0", null),
                "f2", new StoredFailure("f2", at, "tr-2", "", "billing", List.of("crm_lookup", "order_api"), "1.0", null),
                "f3", new StoredFailure("f3", at, "tr-3", "", "refunds", List.of("order_api"), "1.0", null));
        Cluster wordless = new Cluster("c", "", List.of(), List.of("f1", "f2", "f3"), List.of("f1"), new double[]{1}, 0.9, at, at);
        Cluster worded = new Cluster("c", "refund, bank", List.of("refund", "bank"), List.of("f1"), List.of("f1"),
                new double[]{1}, 0.9, at, at);

        assertThat(FailureClusterTracker.label(wordless, byId)).isEqualTo("billing, crm_lookup (no text)");
        assertThat(FailureClusterTracker.label(worded, byId)).isEqualTo("refund, bank");
    }

    @Test
    void topValuesAreTheCommonestFirstTiesByValueBlanksLeftOut() {
        assertThat(FailureClusterTracker.top(java.util.Arrays.asList("b", "a", "b", null, " ", "c", "a", "b")))
                .extracting(d -> d.getString("value") + "=" + d.get("count"))
                .containsExactly("b=3", "a=2", "c=1");
        assertThat(FailureClusterTracker.top(List.of("a", "b", "c", "d", "e", "f"))).extracting(d -> d.getString("value"))
                .containsExactly("a", "b", "c", "d", "e");
    }
}
