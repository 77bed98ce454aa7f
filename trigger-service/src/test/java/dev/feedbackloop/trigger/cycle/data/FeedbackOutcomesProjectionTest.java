package dev.feedbackloop.trigger.cycle.data;

import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.feedbackloop.trigger.cycle.data.CycleDataFixture.feedback;
import static org.assertj.core.api.Assertions.assertThat;

class FeedbackOutcomesProjectionTest {

    static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    private final CycleDataFixture fixture = new CycleDataFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void countsEveryOutcomePerAgentVersionAndIntent() {
        fixture.batch(List.of(
                feedback("bot", "v1", "billing", MONDAY.plusSeconds(60), true, false, 5, 0),
                feedback("bot", "v1", "billing", MONDAY.plusSeconds(120), false, true, 1, 2),
                feedback("bot", "v2", "search", MONDAY.plusSeconds(7200), true, null, 4, null),
                feedback("bot", null, null, MONDAY.plusSeconds(7300), null, null, null, null),
                feedback("other", "v1", "billing", MONDAY.plusSeconds(60), false, false, 2, 0)));

        CycleData.Outcomes week = fixture.data.outcomes("bot", MONDAY, MONDAY.plusSeconds(7 * 86400));
        OutcomeCounts all = week.all();
        assertThat(all.feedback()).isEqualTo(4);
        assertThat(all.completed()).isEqualTo(2);
        assertThat(all.completionReports()).isEqualTo(3);
        assertThat(all.escalated()).isEqualTo(1);
        assertThat(all.escalationReports()).isEqualTo(2);
        assertThat(all.retried()).isEqualTo(1);
        assertThat(all.retryReports()).isEqualTo(2);
        assertThat(all.retrySum()).isEqualTo(2);
        assertThat(all.ratingHistogram()).containsExactly(1, 0, 0, 1, 1);
        assertThat(all.thumbsUp()).isEqualTo(2);
        assertThat(all.thumbsDown()).isEqualTo(1);
        assertThat(all.negativeSignals()).isEqualTo(1);
        assertThat(all.averageRating()).isEqualTo(10 / 3.0);
        assertThat(week.byVersion()).containsOnlyKeys("v1", "v2");
        assertThat(week.version("v1").feedback()).isEqualTo(2);
        assertThat(week.version("v1").taskSuccessRate()).isEqualTo(0.5);
        assertThat(week.intent("search").completed()).isEqualTo(1);
        assertThat(week.byIntent()).containsOnlyKeys("billing", "search");
        assertThat(fixture.data.outcomes("other", MONDAY, MONDAY.plusSeconds(86400)).all().feedback()).isEqualTo(1);
    }

    @Test
    void aWindowReadsWholeDaysAndTheHoursAroundThem() {
        Instant from = Instant.parse("2026-11-23T05:00:00Z");
        Instant to = Instant.parse("2026-11-25T07:00:00Z");
        fixture.batch(List.of(
                feedback("bot", "v1", "a", from.minusSeconds(1), true, null, null, null),
                feedback("bot", "v1", "a", from, true, null, null, null),
                feedback("bot", "v1", "a", Instant.parse("2026-11-24T12:00:00Z"), true, null, null, null),
                feedback("bot", "v1", "a", to.minusSeconds(1), true, null, null, null),
                feedback("bot", "v1", "a", to, true, null, null, null)));
        assertThat(fixture.data.outcomes("bot", from, to).all().feedback()).isEqualTo(3);
        assertThat(fixture.data.outcomes("bot", from.minusSeconds(3600), to.plusSeconds(3600)).all().feedback())
                .isEqualTo(5);
    }

    @Test
    void aRedeliveredEventIsNotCountedTwice() {
        FeedbackSubmitted event = feedback("bot", "v1", "a", MONDAY, true, false, 4, 0);
        fixture.single(event, 7);
        fixture.single(event, 7);
        fixture.single(feedback("bot", "v1", "a", MONDAY.plusSeconds(10), false, false, 4, 0), 8);
        CycleData.Outcomes day = fixture.data.outcomes("bot", MONDAY, MONDAY.plusSeconds(86400));
        assertThat(day.all().feedback()).isEqualTo(2);
        assertThat(day.all().completed()).isEqualTo(1);
        assertThat(fixture.data.versions("bot")).singleElement().satisfies(v -> assertThat(v.feedback()).isEqualTo(2));
    }

    @Test
    void versionsKeepTheirFirstAndLastFeedback() {
        fixture.batch(List.of(
                feedback("bot", "v2", "a", MONDAY.plusSeconds(5000), true, null, null, null),
                feedback("bot", "v1", "a", MONDAY.plusSeconds(100), true, null, null, null),
                feedback("bot", "v1", "a", MONDAY.plusSeconds(9000), true, null, null, null),
                feedback("bot", "v1", "a", MONDAY.plusSeconds(50), true, null, null, null)));
        fixture.batch(List.of(feedback("bot", "v2", "a", MONDAY.plusSeconds(4000), true, null, null, null)));
        assertThat(fixture.data.versions("bot")).containsExactly(
                new CycleData.VersionSeen("v1", MONDAY.plusSeconds(50), MONDAY.plusSeconds(9000), 3),
                new CycleData.VersionSeen("v2", MONDAY.plusSeconds(4000), MONDAY.plusSeconds(5000), 2));
    }

    @Test
    void clustersAndDriftFollowTheirEventsInEventTime() {
        Instant d1 = MONDAY.plusSeconds(3600);
        fixture.batch(List.of(
                new FailureClusterDiscovered("c1", "bot", "refund loop", List.of("refund"), List.of(), 12, 12, d1, d1,
                        null, d1),
                new FailureClusterGrew("c1", "bot", 30, 12, 25, null, d1.plusSeconds(86400), d1.plusSeconds(86400)),
                new FailureClusterResolved("c1", "bot", FailureClusterResolved.QUIET, d1.plusSeconds(86400),
                        d1.plusSeconds(3 * 86400)),
                new FailureClusterReopened("c1", "bot", 5, 5, d1.plusSeconds(5 * 86400), d1.plusSeconds(5 * 86400)),
                new FailureClusterDiscovered("c2", "bot", "timeouts", List.of(), List.of(), 3, 3, d1, d1, null, d1),
                new FailureClusterMerged("c2", "bot", "c1", d1.plusSeconds(3600)),
                new DriftDetected("bot", "language", 0.31, d1),
                new DriftDetected("bot", "length", 0.4, d1),
                new DriftResolved("bot", "length", 0.05, d1.plusSeconds(86400))));

        List<CycleData.Cluster> clusters = fixture.data.clusters("bot");
        CycleData.Cluster c1 = clusters.stream().filter(c -> c.clusterId().equals("c1")).findFirst().orElseThrow();
        assertThat(c1.label()).isEqualTo("refund loop");
        assertThat(c1.samples()).hasSize(3);
        assertThat(c1.membersDuring(MONDAY, MONDAY.plusSeconds(7 * 86400))).isEqualTo(12 + 25 + 5);
        assertThat(c1.activeAt(d1.plusSeconds(2 * 86400))).isTrue();
        assertThat(c1.activeAt(d1.plusSeconds(4 * 86400))).isFalse();
        assertThat(c1.activeAt(d1.plusSeconds(6 * 86400))).isTrue();
        CycleData.Cluster c2 = clusters.stream().filter(c -> c.clusterId().equals("c2")).findFirst().orElseThrow();
        assertThat(c2.state()).isEqualTo("merged");
        assertThat(c2.activeAt(d1.plusSeconds(7200))).isFalse();
        assertThat(c2.activeDuring(MONDAY, MONDAY.plusSeconds(86400))).isTrue();
        assertThat(c2.activeDuring(MONDAY.plusSeconds(86400), MONDAY.plusSeconds(2 * 86400))).isFalse();

        assertThat(fixture.data.drifts("bot")).filteredOn(d -> d.driftingAt(d1.plusSeconds(2 * 86400)))
                .extracting(CycleData.Drift::feature).containsExactly("language");
        assertThat(fixture.data.drifts("bot")).filteredOn(d -> d.driftingAt(d1.plusSeconds(60)))
                .extracting(CycleData.Drift::feature).containsExactlyInAnyOrder("language", "length");
    }
}
