package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.analysis.query.EmbeddedReadModel;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure window on the embedded read-model store: what is a failure, what clustering reads of it, pruning. */
class FailuresProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final List<String> ALL = List.of("thumbs_down", "low_rating", "not_completed", "escalated", "corrected",
            "failing_assessment");

    final EmbeddedReadModel store = new EmbeddedReadModel("failures-projection");
    long position;

    @AfterEach
    void close() {
        store.close();
    }

    static FailureClusterSettings settings(List<String> failureWhen) {
        return new FailureClusterSettings(true, Duration.ofMinutes(15), Duration.ofMinutes(1), 200, Duration.ofDays(7),
                Duration.ofHours(24), Duration.ofHours(72), 50_000, failureWhen);
    }

    static FeedbackSubmitted feedback(String id, Instant at, ExplicitFeedback explicit, ImplicitSignals implicit,
                                      Map<String, Object> attributes) {
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), at, "u1", "s1", explicit, implicit,
                new FeedbackMetadata("bot", "2.0", "billing", List.of("crm_lookup"), Map.of(), attributes), "fp", at);
    }

    void submit(FailuresProjection projection, FeedbackSubmitted event) {
        projection.on(event, new GlobalSequenceTrackingToken(++position), "event-" + position);
    }

    static AssessmentLogged assessment(String trace, String id, Object value, String overrides, Instant at) {
        return new AssessmentLogged(TraceId.of(trace), AssessmentId.of(id), "correctness", value,
                new AssessmentSource(AssessmentSourceType.LLM_JUDGE, "judge"), null, Map.of(),
                overrides == null ? null : AssessmentId.of(overrides), at);
    }

    static List<String> ids(List<StoredFailure> failures) {
        return failures.stream().map(StoredFailure::id).toList();
    }

    @Test
    void aFailureKeepsWhatWasSaidAboutItAndItsEmbedding() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        submit(projection, feedback("f1", T0, new ExplicitFeedback(1, Thumbs.DOWN, "refund never came", "it was sent on monday"),
                null, Map.of("failure_reason", List.of("refund status not checked"), "embedding", List.of(1L, 0.5, -2))));

        List<StoredFailure> window = projection.window("bot", T0.minusSeconds(1), T0, 100);

        assertThat(window).singleElement().satisfies(f -> {
            assertThat(f.text()).isEqualTo("refund never came. it was sent on monday. refund status not checked");
            assertThat(f.intent()).isEqualTo("billing");
            assertThat(f.tools()).containsExactly("crm_lookup");
            assertThat(f.agentVersion()).isEqualTo("2.0");
            assertThat(f.embedding()).containsExactly(1f, 0.5f, -2f);
        });
        assertThat(store.all(FailuresProjection.FAILURES).get(0).getList("failed_by", String.class))
                .containsExactly("thumbs_down", "low_rating", "corrected");
    }

    @Test
    void onlyTheConfiguredSignalsMakeAFailure() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(List.of("thumbs_down", "escalated")));
        submit(projection, feedback("low", T0, new ExplicitFeedback(1, null, "meh", null), null, Map.of()));
        submit(projection, feedback("undone", T0, null, new ImplicitSignals(false, null, null, null, null), Map.of()));
        submit(projection, feedback("escalated", T0, null, new ImplicitSignals(true, null, null, null, true), Map.of()));
        submit(projection, feedback("down", T0, new ExplicitFeedback(null, Thumbs.DOWN, "no", null), null, Map.of()));

        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0, 100))).containsExactlyInAnyOrder("escalated", "down");
        assertThat(store.all(FailuresProjection.CANDIDATES)).isEmpty();
        assertThat(store.all(FailuresProjection.WATERMARKS)).singleElement().satisfies(w ->
                assertThat(w.get("failures")).isEqualTo(2L));
    }

    @Test
    void satisfiedFeedbackFailsWhileTheCurrentAssessmentOfItsTraceFails() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        submit(projection, feedback("ok", T0, new ExplicitFeedback(5, Thumbs.UP, "thanks", null), null, Map.of()));
        assertThat(projection.window("bot", T0.minusSeconds(1), T0, 100)).isEmpty();

        projection.on(assessment("tr-ok", "a1", 0.2, null, T0.plusSeconds(1)));
        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0, 100))).containsExactly("ok");

        projection.on(assessment("tr-ok", "a2", true, "a1", T0.plusSeconds(2)));
        assertThat(projection.window("bot", T0.minusSeconds(1), T0, 100)).isEmpty();

        projection.on(new AssessmentDeleted(TraceId.of("tr-ok"), AssessmentId.of("a2"), AssessmentId.of("a1"), T0.plusSeconds(3)));
        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0, 100))).containsExactly("ok");
        projection.on(new AssessmentDeleted(TraceId.of("tr-ok"), AssessmentId.of("a2"), AssessmentId.of("a1"), T0.plusSeconds(3)));
        assertThat(store.all(FailuresProjection.FAILING_TRACES).get(0).getList("failing_names", String.class))
                .containsExactly("correctness");
    }

    @Test
    void anAssessmentUpdatedInPlaceToAPassingValueStopsItsTraceFailing() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        submit(projection, feedback("ok", T0, new ExplicitFeedback(5, Thumbs.UP, "thanks", null), null, Map.of()));
        projection.on(assessment("tr-ok", "a1", false, null, T0.plusSeconds(1)));
        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0, 100))).containsExactly("ok");

        projection.on(new AssessmentUpdated(TraceId.of("tr-ok"), AssessmentId.of("a1"), Set.of(AssessmentField.VALUE),
                null, true, null, null, null, null, T0.plusSeconds(2)));
        assertThat(projection.window("bot", T0.minusSeconds(1), T0, 100)).isEmpty();
        assertThat(store.all(FailuresProjection.FAILING_TRACES).get(0).getList("failing_names", String.class)).isEmpty();
    }

    @Test
    void theWindowIsTheLatestFailuresOfTheAgentAfterItsStartUpToItsEnd() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        for (int i = 0; i < 10; i++) {
            submit(projection, feedback("f" + i, T0.plus(Duration.ofHours(12L * i)), new ExplicitFeedback(null, Thumbs.DOWN,
                    "no " + i, null), null, Map.of()));
        }
        FeedbackSubmitted other = new FeedbackSubmitted(FeedbackId.of("other"), TraceId.of("tr-other"), T0, null, null,
                new ExplicitFeedback(null, Thumbs.DOWN, "no", null), null,
                new FeedbackMetadata("other-bot", null, null, List.of(), Map.of(), Map.of()), "fp", T0);
        submit(projection, other);

        assertThat(ids(projection.window("bot", T0, T0.plus(Duration.ofHours(48)), 100))).containsExactly("f4", "f3", "f2", "f1");
        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0.plus(Duration.ofDays(10)), 3))).containsExactly("f9", "f8", "f7");
        assertThat(ids(projection.window("other-bot", T0.minusSeconds(1), T0, 100))).containsExactly("other");
    }

    @Test
    void pruningDeletesTheDaysBeforeTheWindowAndTheirIndexEntries() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        for (int day = 0; day < 4; day++) {
            Instant at = T0.plus(Duration.ofDays(day));
            submit(projection, feedback("f" + day, at, new ExplicitFeedback(null, Thumbs.DOWN, "no", null), null, Map.of()));
            submit(projection, feedback("ok" + day, at, new ExplicitFeedback(5, null, "yes", null), null, Map.of()));
        }

        projection.prune("bot", T0.plus(Duration.ofDays(2)), Duration.ofDays(7));

        assertThat(store.all(FailuresProjection.FAILURES)).extracting(d -> d.get("_id")).containsExactly("f2", "f3");
        assertThat(store.all(FailuresProjection.CANDIDATES)).extracting(d -> d.get("_id")).containsExactly("ok2", "ok3");
        assertThat(store.all("failures_by_agent_day")).extracting(d -> d.getString("_id").replaceAll("#\\d+$", ""))
                .containsExactly("bot|2026-11-22", "bot|2026-11-23");
        assertThat(ids(projection.window("bot", T0.minusSeconds(1), T0.plus(Duration.ofDays(5)), 100))).containsExactly("f3", "f2");
    }

    @Test
    void replayingTheSameEventsChangesNothing() {
        FailuresProjection projection = new FailuresProjection(store.writer, settings(ALL));
        FeedbackSubmitted failed = feedback("f1", T0, new ExplicitFeedback(null, Thumbs.DOWN, "no", null), null, Map.of());
        AssessmentLogged failing = assessment("tr-f1", "a1", false, null, T0);
        projection.on(failed, new GlobalSequenceTrackingToken(1), "event-1");
        projection.on(failing);
        List<String> collections = List.of(FailuresProjection.FAILURES, FailuresProjection.WATERMARKS,
                FailuresProjection.FAILING_TRACES, "failures_by_agent_day");
        Map<String, List<Document>> once = new java.util.HashMap<>();
        collections.forEach(c -> once.put(c, store.all(c)));

        projection.on(failed, new GlobalSequenceTrackingToken(1), "event-1");
        projection.on(failing);

        collections.forEach(c -> assertThat(store.all(c)).as(c).isEqualTo(once.get(c)));
        assertThat(once.get(FailuresProjection.WATERMARKS).get(0).get("failures")).isEqualTo(1L);
    }
}
