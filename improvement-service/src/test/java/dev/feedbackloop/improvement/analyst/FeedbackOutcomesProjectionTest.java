package dev.feedbackloop.improvement.analyst;

import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes.Counter;
import dev.feedbackloop.kernel.metrics.Metric;
import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

import static dev.feedbackloop.improvement.analyst.CycleDataFixture.feedback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
        FeedbackOutcomes all = week.all();
        assertThat(all.feedback()).isEqualTo(4);
        assertThat(all.get(Counter.COMPLETED)).isEqualTo(2);
        assertThat(all.get(Counter.COMPLETION_REPORTS)).isEqualTo(3);
        assertThat(all.get(Counter.ESCALATED)).isEqualTo(1);
        assertThat(all.get(Counter.ESCALATION_REPORTS)).isEqualTo(2);
        assertThat(all.get(Counter.RETRIED)).isEqualTo(1);
        assertThat(all.get(Counter.RETRY_REPORTS)).isEqualTo(2);
        assertThat(all.get(Counter.RETRY_SUM)).isEqualTo(2);
        assertThat(DefaultCycleAnalyst.ratings(all)).containsExactly(1, 0, 0, 1, 1);
        assertThat(all.get(Counter.THUMBS_UP)).isEqualTo(2);
        assertThat(all.get(Counter.THUMBS_DOWN)).isEqualTo(1);
        assertThat(all.get(Counter.NEGATIVE)).isEqualTo(1);
        assertThat(all.value(Metric.AVERAGE_USER_RATING)).isEqualTo(10 / 3.0);
        assertThat(week.byVersion()).containsOnlyKeys("v1", "v2");
        assertThat(week.version("v1").feedback()).isEqualTo(2);
        assertThat(week.version("v1").value(Metric.TASK_SUCCESS_RATE)).isEqualTo(0.5);
        assertThat(week.intent("search").get(Counter.COMPLETED)).isEqualTo(1);
        assertThat(week.byIntent()).containsOnlyKeys("billing", "search");
        assertThat(fixture.data.outcomes("other", MONDAY, MONDAY.plusSeconds(86400)).all().feedback()).isEqualTo(1);
    }

    @Test
    void slicesKeepTheFieldNamesTheyWereFirstStoredWithSoStoredSlicesNeedNoRebuild() {
        FeedbackSubmitted rated = feedback("bot", "v1", "billing", MONDAY.plusSeconds(60), false, true, 1, 3);
        FeedbackSubmitted followedUp = new FeedbackSubmitted(FeedbackId.of("fb-follow-up"), TraceId.of("tr-follow-up"),
                MONDAY.plusSeconds(120), "u", "s", null, new ImplicitSignals(null, true, null, null, null),
                new FeedbackMetadata("bot", "v1", "billing", List.of(), Map.of(), Map.of()), "fp", MONDAY.plusSeconds(120));
        fixture.batch(List.of(rated, followedUp));
        Document hour = Mono.from(fixture.writer.collection(FeedbackOutcomesProjection.HOURLY)
                .find(Filters.eq("_id", FeedbackOutcomesProjection.sliceId("bot", MONDAY))).first()).block();
        // the follow-up is counted in n but has no field of its own: the slices stored before have none either
        Document counters = new Document("n", 2L).append("completed_n", 1L).append("escalated", 1L)
                .append("escalated_n", 1L).append("retried", 1L).append("retried_n", 1L).append("retry_sum", 3L)
                .append("r1", 1L).append("thumbs_down", 1L).append("negative", 1L);
        assertThat(longs(hour.get("all", Document.class))).isEqualTo(longs(counters));
        assertThat(longs(hour.get("v", Document.class).get("v1", Document.class))).isEqualTo(longs(counters.append("version", "v1")));

        // a slice as the cycle's first release wrote it reads back counter by counter
        Instant tuesday = MONDAY.plusSeconds(86400);
        Document stored = new Document("n", 9).append("completed", 4).append("completed_n", 6).append("escalated", 1)
                .append("escalated_n", 5).append("retried", 2).append("retried_n", 7).append("retry_sum", 11)
                .append("r1", 1).append("r2", 0).append("r3", 2).append("r4", 3).append("r5", 1)
                .append("thumbs_up", 4).append("thumbs_down", 2).append("negative", 3);
        Mono.from(fixture.writer.collection(FeedbackOutcomesProjection.DAILY).insertOne(new Document("_id",
                FeedbackOutcomesProjection.sliceId("old", tuesday)).append("agent_id", "old")
                .append("start", Date.from(tuesday)).append("all", stored))).block();
        FeedbackOutcomes read = fixture.data.outcomes("old", tuesday, tuesday.plusSeconds(86400)).all();
        assertThat(read.counters()).containsOnly(entry(Counter.FEEDBACK, 9L), entry(Counter.COMPLETED, 4L),
                entry(Counter.COMPLETION_REPORTS, 6L), entry(Counter.ESCALATED, 1L), entry(Counter.ESCALATION_REPORTS, 5L),
                entry(Counter.RETRIED, 2L), entry(Counter.RETRY_REPORTS, 7L), entry(Counter.RETRY_SUM, 11L),
                entry(Counter.RATING_1, 1L), entry(Counter.RATING_3, 2L), entry(Counter.RATING_4, 3L),
                entry(Counter.RATING_5, 1L), entry(Counter.THUMBS_UP, 4L), entry(Counter.THUMBS_DOWN, 2L),
                entry(Counter.NEGATIVE, 3L));
        assertThat(read.value(Metric.TASK_SUCCESS_RATE)).isEqualTo(4 / 6.0);
    }

    /** Numbers as longs, whatever width the store kept them in. */
    static Map<String, Object> longs(Document d) {
        Map<String, Object> out = new java.util.TreeMap<>();
        d.forEach((k, v) -> out.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return out;
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
        assertThat(day.all().get(Counter.COMPLETED)).isEqualTo(1);
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
