package dev.feedbackloop.analysis.metrics;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.feedbackloop.analysis.query.IndexedFeedback;
import dev.feedbackloop.kernel.analysis.MetricSnapshot;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.EmbeddedMongo;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The counters behind the feedback metrics: every rate is over the feedback that carries its signal. */
class MetricCountsTest {

    static final AtomicInteger ids = new AtomicInteger();
    static EmbeddedMongo server;
    static MongoClient client;

    @BeforeAll
    static void start() {
        server = new EmbeddedMongo(TestDatabases.newDataDir("metric-counts"));
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static ReadModelWriter freshWriter() {
        return new ReadModelWriter(client.getDatabase("counts_" + ids.incrementAndGet()), server, Duration.ofSeconds(10));
    }

    static FeedbackSubmitted feedback(String at, String intent, ExplicitFeedback explicit, ImplicitSignals implicit) {
        String id = "counts-" + ids.incrementAndGet();
        Instant timestamp = Instant.parse(at);
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("trace-" + id), timestamp, "user-" + id, null,
                explicit, implicit, new FeedbackMetadata("counts-bot", "1.0", intent, List.of(), Map.of(), Map.of()),
                "fingerprint-" + id, timestamp);
    }

    static FeedbackSubmitted feedback(ExplicitFeedback explicit, ImplicitSignals implicit) {
        return feedback("2026-11-20T10:15:00Z", "billing", explicit, implicit);
    }

    static ExplicitFeedback rating(int rating) {
        return new ExplicitFeedback(rating, null, null, null);
    }

    static ExplicitFeedback thumbs(Thumbs thumbs) {
        return new ExplicitFeedback(null, thumbs, null, null);
    }

    /** taskCompleted, followUpRequired, timeToCompletionMs, retryCount, escalatedToHuman */
    static ImplicitSignals signals(Boolean completed, Boolean followUp, Long millis, Integer retries, Boolean escalated) {
        return new ImplicitSignals(completed, followUp, millis, retries, escalated);
    }

    static MetricCounts countsOf(List<FeedbackSubmitted> events) {
        MetricCounts counts = new MetricCounts();
        events.forEach(counts::add);
        return counts;
    }

    @Test
    void theCompletionRateIsOverTheFeedbackThatReportedTaskCompletedOnly() {
        MetricCounts counts = countsOf(List.of(
                feedback(null, signals(true, null, null, null, null)),
                feedback(null, signals(false, null, null, null, null)),
                feedback(rating(4), null),
                feedback(thumbs(Thumbs.UP), null)));

        // 1 completed of the 2 that reported task_completed: 0.5 (over all 4 feedback it would be 0.25)
        assertThat(counts.feedback()).isEqualTo(4);
        assertThat(counts.completionReports()).isEqualTo(2);
        assertThat(counts.completionRate()).isEqualTo(0.5);
        assertThat(counts.metric("task_success_rate")).isEqualTo(0.5);
        assertThat(counts.samples("task_success_rate")).isEqualTo(2);
    }

    @Test
    void theAverageRatingIsOverRatedFeedbackOnly() {
        MetricCounts counts = countsOf(List.of(
                feedback(rating(5), null),
                feedback(rating(2), null),
                feedback(thumbs(Thumbs.UP), null),
                feedback(null, signals(true, null, null, null, null))));

        // (5 + 2) / 2 rated = 3.5; the thumbs-only and the implicit-only feedback do not count as zeros
        assertThat(counts.ratings()).isEqualTo(2);
        assertThat(counts.averageRating()).isEqualTo(3.5);
        assertThat(counts.samples("average_user_rating")).isEqualTo(2);
    }

    @Test
    void escalationFollowUpAndThumbsUpRatesAreEachOverTheFeedbackThatCarriesThatSignal() {
        MetricCounts counts = countsOf(List.of(
                feedback(thumbs(Thumbs.UP), signals(null, true, null, null, true)),
                feedback(thumbs(Thumbs.DOWN), signals(null, null, null, null, false)),
                feedback(rating(3), signals(null, false, null, null, false)),
                feedback(rating(4), null),
                feedback(thumbs(Thumbs.UP), null)));

        // escalated_to_human reported by feedback 1, 2, 3: 1 true of 3
        assertThat(counts.escalationRate()).isEqualTo(1.0 / 3);
        assertThat(counts.samples("escalation_rate")).isEqualTo(3);
        // follow_up_required reported by feedback 1 and 3: 1 true of 2
        assertThat(counts.followUpRate()).isEqualTo(0.5);
        assertThat(counts.samples("follow_up_rate")).isEqualTo(2);
        // thumbs given in feedback 1, 2, 5: 2 up of 3
        assertThat(counts.thumbsUpRate()).isEqualTo(2.0 / 3);
        assertThat(counts.samples("thumbs_up_rate")).isEqualTo(3);
        assertThat(counts.metric("thumbs_up_rate")).isEqualTo(2.0 / 3);
    }

    @Test
    void theRetryRateIsTheShareOfFeedbackReportingARetryCountWhoseCountIsAboveZero() {
        MetricCounts counts = countsOf(List.of(
                feedback(null, signals(null, null, null, 0, null)),
                feedback(null, signals(null, null, null, 1, null)),
                feedback(null, signals(null, null, null, 3, null)),
                feedback(null, signals(true, null, null, null, null)),
                feedback(rating(5), null)));

        // retry_count reported 3 times (0, 1, 3); above zero twice: 2 / 3, however many retries each had
        assertThat(counts.retryRate()).isEqualTo(2.0 / 3);
        assertThat(counts.samples("retry_rate")).isEqualTo(3);
        assertThat(counts.metric("retry_rate")).isEqualTo(2.0 / 3);
    }

    @Test
    void aRateIsAbsentWhenNoFeedbackCarriesItsSignal() {
        MetricCounts counts = countsOf(List.of(feedback(rating(4), null)));

        assertThat(counts.averageRating()).isEqualTo(4.0);
        assertThat(counts.completionRate()).isNull();
        assertThat(counts.escalationRate()).isNull();
        assertThat(counts.retryRate()).isNull();
        assertThat(counts.followUpRate()).isNull();
        assertThat(counts.thumbsUpRate()).isNull();
        assertThat(counts.completionTimes().percentile(0.5)).isNull();
        MetricSnapshot none = MetricsQueries.snapshot(new MetricCounts());
        assertThat(none).isEqualTo(new MetricSnapshot(0, null, null, null, null, null, null, 0, null, null, null, null));
    }

    @Test
    void thumbsDownALowRatingACorrectionOrAnEscalationIsOneNegativeSignalPerFeedback() {
        MetricCounts counts = countsOf(List.of(
                feedback(thumbs(Thumbs.DOWN), null),
                feedback(rating(2), null),
                feedback(rating(1), null),
                feedback(rating(3), null),
                feedback(new ExplicitFeedback(5, null, null, "the refund takes 5 days, not 10"), null),
                feedback(null, signals(null, null, null, null, true)),
                feedback(null, signals(false, true, null, 4, false)),
                feedback(new ExplicitFeedback(1, Thumbs.DOWN, null, "wrong"), signals(false, null, null, null, true))));

        // negative: thumbs down (1), rating 2 (2), rating 1 (3), a correction despite a 5 (5), an escalation (6), and
        // the last one once although it carries four negative signals: 6 of 8. A rating of 3, and a failed task with
        // a retry and a follow-up but no escalation, are not negative.
        assertThat(counts.negativeSignals()).isEqualTo(6);
        assertThat(counts.metric("negative_signals")).isEqualTo(6.0);
        assertThat(counts.metric("feedback_volume")).isEqualTo(8.0);
    }

    /** Feedback over two hours and two intents carrying every kind of signal, some several. */
    static List<FeedbackSubmitted> variedFeedback() {
        return List.of(
                feedback("2026-11-20T10:05:00Z", "billing", new ExplicitFeedback(5, Thumbs.UP, "great", null),
                        signals(true, false, 1_200L, 0, false)),
                feedback("2026-11-20T10:40:00Z", "billing", rating(2), signals(false, true, 15L, 2, true)),
                feedback("2026-11-20T10:59:59Z", "refunds", thumbs(Thumbs.DOWN), signals(null, null, 0L, null, null)),
                feedback("2026-11-20T11:00:00Z", "billing", new ExplicitFeedback(3, null, null, "use the new form"),
                        signals(true, null, 64_000L, 1, null)),
                feedback("2026-11-20T11:30:00Z", "refunds", null, signals(true, true, 480L, 0, false)),
                feedback("2026-11-20T11:31:00Z", "refunds", new ExplicitFeedback(4, Thumbs.UP, null, null), null),
                feedback("2026-11-20T11:45:00Z", null, null, signals(null, null, 3_600_000L, null, null)));
    }

    @Test
    void storedHourlySlicesAddUpToTheCountsOfTheirEvents() {
        List<FeedbackSubmitted> events = variedFeedback();
        ReadModelWriter writer = freshWriter();
        MetricsProjection projection = new MetricsProjection(writer, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), new GlobalSequenceTrackingToken(i), "event-" + i);
        }
        List<Document> hours = Flux.from(writer.collection(MetricsProjection.HOURLY).find()).collectList().block();
        List<Document> slices = hours.stream().flatMap(h -> MetricsProjection.series(h).stream()).toList();

        // two hours; series 10:00 billing (2 feedback), 10:00 refunds, 11:00 billing, 11:00 refunds (2), 11:00 no intent
        assertThat(hours).hasSize(2);
        assertThat(slices).hasSize(5);
        MetricCounts fromStore = new MetricCounts();
        slices.forEach(fromStore::add);
        MetricCounts fromEvents = countsOf(events);
        assertThat(MetricsQueries.snapshot(fromStore)).isEqualTo(MetricsQueries.snapshot(fromEvents));
        assertThat(fromStore.completionTimes().count()).isEqualTo(6);
        // by hand from the list: 7 feedback, ratings 5, 2, 3, 4 -> 3.5; completed 3 of 4 reports; negative: the
        // 2 (rating and escalation), the thumbs down, the correction
        assertThat(fromStore.feedback()).isEqualTo(7);
        assertThat(fromStore.averageRating()).isEqualTo(3.5);
        assertThat(fromStore.completionRate()).isEqualTo(0.75);
        assertThat(fromStore.negativeSignals()).isEqualTo(3);
    }

    @Test
    void countsOfPartsAddUpToTheCountsOfTheWhole() {
        List<FeedbackSubmitted> events = variedFeedback();
        MetricCounts first = countsOf(events.subList(0, 3));
        MetricCounts rest = countsOf(events.subList(3, events.size()));

        MetricCounts merged = new MetricCounts().add(first).add(rest);
        assertThat(MetricsQueries.snapshot(merged)).isEqualTo(MetricsQueries.snapshot(countsOf(events)));
        MetricCounts withoutTimes = new MetricCounts().addCounters(first).addCounters(rest);
        assertThat(withoutTimes.completionRate()).isEqualTo(merged.completionRate());
        assertThat(withoutTimes.completionTimes().count()).isZero();
    }

    @Test
    void feedbackAsTheSearchIndexStoresItCountsAsTheEventItself() {
        List<FeedbackSubmitted> events = variedFeedback();
        List<Document> indexed = IndexedFeedback.stored(freshWriter(), events);

        assertThat(indexed).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            MetricCounts fromIndex = new MetricCounts();
            fromIndex.addIndexed(indexed.get(i));
            MetricCounts fromEvent = countsOf(List.of(events.get(i)));
            assertThat(MetricsQueries.snapshot(fromIndex)).as("feedback %d", i)
                    .isEqualTo(MetricsQueries.snapshot(fromEvent));
        }
        MetricCounts all = new MetricCounts();
        indexed.forEach(all::addIndexed);
        assertThat(MetricsQueries.snapshot(all)).isEqualTo(MetricsQueries.snapshot(countsOf(events)));
    }
}
