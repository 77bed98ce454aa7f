package dev.feedbackloop.analysis.query;

import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentEvent;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.support.testing.SampleEvents;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Set;

import static dev.feedbackloop.analysis.query.SearchEvents.deleted;
import static dev.feedbackloop.analysis.query.SearchEvents.feedback;
import static dev.feedbackloop.analysis.query.SearchEvents.logged;
import static org.assertj.core.api.Assertions.assertThat;

/** What the search projection stores: one flat document per feedback, the current assessment values per trace. */
class FeedbackSearchProjectionTest {

    static final EmbeddedReadModel store = new EmbeddedReadModel("search-projection");
    final FeedbackSearchProjection projection = new FeedbackSearchProjection(store.writer, store.limits);

    @AfterAll
    static void close() {
        store.close();
    }

    Document assessmentsOf(String trace) {
        return store.all(FeedbackSearchProjection.ASSESSMENTS).stream()
                .filter(d -> d.getString("_id").equals(trace)).findFirst().orElseThrow();
    }

    void apply(AssessmentEvent... events) {
        for (AssessmentEvent event : events) {
            if (event instanceof AssessmentLogged e) {
                projection.on(e);
            } else if (event instanceof AssessmentUpdated e) {
                projection.on(e);
            } else {
                projection.on((AssessmentDeleted) event);
            }
        }
    }

    @Test
    void aFeedbackBecomesOneFlatDocumentWithItsMetadataAsASubDocument() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("channel", "web");
        attributes.put("plan.tier", "gold");
        attributes.put("dropped", null);
        FeedbackSubmitted sample = SampleEvents.feedbackSubmitted("fb-shape");
        FeedbackSubmitted event = new FeedbackSubmitted(sample.feedbackId(), sample.traceId(), sample.timestamp(),
                sample.userId(), sample.sessionId(), new ExplicitFeedback(2, Thumbs.DOWN, "slow", "use the API"),
                sample.implicitSignals(), new FeedbackMetadata("support-bot", "2.3.1", "billing",
                List.of("crm_lookup"), sample.metadata().inputFeatures(), attributes), sample.fingerprint(),
                sample.receivedAt());

        Document d = FeedbackSearchProjection.toDocument(event);

        assertThat(d.keySet()).containsExactly("feedback_id", "trace_id", "session_id", "user_id", "timestamp",
                "received_at", "agent_id", "agent_version", "intent_category", "rating", "thumbs", "comment",
                "correction", "task_completed", "follow_up_required", "time_to_completion_ms", "retry_count",
                "escalated_to_human", "negative", "metadata");
        assertThat(d.get("timestamp")).isEqualTo(Date.from(SampleEvents.AT));
        assertThat(d.get("received_at")).isEqualTo(Date.from(SampleEvents.AT.plusMillis(250)));
        assertThat(d.get("rating")).isEqualTo(2);
        assertThat(d.get("thumbs")).isEqualTo("down");
        assertThat(d.get("time_to_completion_ms")).isEqualTo(5300L);
        assertThat(d.get("negative")).isEqualTo(true);
        Document metadata = d.get("metadata", Document.class);
        assertThat(metadata.keySet()).containsExactlyInAnyOrder("channel", "plan%2Etier", "agent_id", "agent_version",
                "intent_category", "tools_used", "input_features");
        assertThat(metadata.get("tools_used")).isEqualTo(List.of("crm_lookup"));
        assertThat(metadata.get("input_features", Document.class).get("prompt_length")).isEqualTo(412L);
    }

    @Test
    void whatAFeedbackDidNotCarryIsAbsentNotNull() {
        Document d = FeedbackSearchProjection.toDocument(feedback("fb-sparse", "tr-sparse", "2026-11-20T10:00:00Z",
                null, new ImplicitSignals(true, null, null, null, null), FeedbackMetadata.EMPTY));
        assertThat(d.keySet()).containsExactly("feedback_id", "trace_id", "session_id", "user_id", "timestamp",
                "received_at", "task_completed", "negative", "metadata");
        assertThat(d.get("metadata", Document.class)).isEmpty();
        assertThat(d.get("negative")).isEqualTo(false);
    }

    @Test
    void theValueOfANameIsThatOfItsLatestAssessmentThatIsNeitherDeletedNorOverridden() {
        apply(logged("tr-o", "a-1", "correctness", true, "2026-11-20T10:00:00Z", null),
                logged("tr-o", "a-2", "correctness", false, "2026-11-20T11:00:00Z", "a-1"),
                logged("tr-o", "a-3", "relevance", Map.of("score", 0.9), "2026-11-20T12:00:00Z", null));
        assertThat(assessmentsOf("tr-o").get("values", Document.class))
                .isEqualTo(new Document("correctness", false).append("relevance", new Document("score", 0.9)));

        apply(deleted("tr-o", "a-2", "a-1", "2026-11-21T10:00:00Z"));
        assertThat(assessmentsOf("tr-o").get("values", Document.class).get("correctness")).isEqualTo(true);

        apply(deleted("tr-o", "a-1", null, "2026-11-21T11:00:00Z"));
        assertThat(assessmentsOf("tr-o").get("values", Document.class)).doesNotContainKey("correctness");
    }

    @Test
    void anAssessmentUpdatedInPlaceIsSearchedByItsNewNameAndValue() {
        apply(logged("tr-u", "c-1", "correctness", false, "2026-11-20T10:00:00Z", null),
                new AssessmentUpdated(TraceId.of("tr-u"), AssessmentId.of("c-1"), Set.of(AssessmentField.VALUE), null,
                        true, null, null, null, null, Instant.parse("2026-11-20T11:00:00Z")));
        assertThat(assessmentsOf("tr-u").get("values", Document.class)).isEqualTo(new Document("correctness", true));

        apply(new AssessmentUpdated(TraceId.of("tr-u"), AssessmentId.of("c-1"), Set.of(AssessmentField.NAME),
                "answer_correct", "ignored", null, null, null, null, Instant.parse("2026-11-20T12:00:00Z")));
        assertThat(assessmentsOf("tr-u").get("values", Document.class)).isEqualTo(new Document("answer_correct", true));
    }

    @Test
    void deletingTheLatestAssessmentOfANameFallsBackToTheOneBefore() {
        apply(logged("tr-l", "b-2", "tone", "curt", "2026-11-20T11:00:00Z", null),
                logged("tr-l", "b-1", "tone", "polite", "2026-11-20T10:00:00Z", null),
                logged("tr-l", "b-3", "judge.v2", "pass", "2026-11-20T10:30:00Z", null));
        Document values = assessmentsOf("tr-l").get("values", Document.class);
        assertThat(values.get("tone")).isEqualTo("curt");
        assertThat(values.get("judge%2Ev2")).isEqualTo("pass");

        apply(deleted("tr-l", "b-2", null, "2026-11-21T10:00:00Z"));
        assertThat(assessmentsOf("tr-l").get("values", Document.class).get("tone")).isEqualTo("polite");
    }

    @Test
    void aBatchSeesItsOwnEarlierEventsAndReplayingItChangesNothing() {
        List<AssessmentEvent> batch = List.of(
                logged("tr-r", "c-1", "correctness", true, "2026-11-20T10:00:00Z", null),
                logged("tr-r", "c-2", "correctness", false, "2026-11-20T11:00:00Z", "c-1"),
                deleted("tr-r", "c-2", "c-1", "2026-11-20T12:00:00Z"),
                logged("tr-r", "c-3", "helpful", 4, "2026-11-20T13:00:00Z", null));
        inOneUnitOfWork(batch);
        Document once = assessmentsOf("tr-r");
        assertThat(once.get("values", Document.class)).isEqualTo(new Document("correctness", true).append("helpful", 4));

        // a crash after the write but before the token: the same batch again
        inOneUnitOfWork(batch);
        assertThat(assessmentsOf("tr-r")).isEqualTo(once);
        inOneUnitOfWork(batch.subList(1, 3));
        assertThat(assessmentsOf("tr-r")).isEqualTo(once);
    }

    @Test
    void resetDropsBothCollections() {
        try (EmbeddedReadModel own = new EmbeddedReadModel("search-reset")) {
            FeedbackSearchProjection p = new FeedbackSearchProjection(own.writer, own.limits);
            p.on(SampleEvents.feedbackSubmitted("fb-reset"));
            p.on(logged("tr-1", "r-1", "correctness", true, "2026-11-20T10:00:00Z", null));
            assertThat(own.all(FeedbackSearchProjection.FEEDBACK)).hasSize(1);
            p.reset();
            assertThat(own.all(FeedbackSearchProjection.FEEDBACK)).isEmpty();
            assertThat(own.all(FeedbackSearchProjection.ASSESSMENTS)).isEmpty();
        }
    }

    private void inOneUnitOfWork(List<AssessmentEvent> events) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        apply(events.toArray(AssessmentEvent[]::new));
        unitOfWork.commit();
    }
}
