package dev.feedbackloop.analysis.query;

import dev.feedbackloop.analysis.search.FilterException;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static dev.feedbackloop.analysis.query.SearchEvents.deleted;
import static dev.feedbackloop.analysis.query.SearchEvents.feedback;
import static dev.feedbackloop.analysis.query.SearchEvents.logged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Filters run end to end (parse, translate, query) on the embedded MongoDB-compatible server the platform uses by
 * default: for each filter, exactly the feedback it describes, newest first.
 */
class FeedbackSearchTranslationTest {

    static final EmbeddedReadModel store = new EmbeddedReadModel("search-translation");
    static final FeedbackSearchProjection projection = new FeedbackSearchProjection(store.writer, store.limits);

    @BeforeAll
    static void fiveFeedbackAndTheirAssessments() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("channel", "web");
        attributes.put("plan.tier", "gold");
        attributes.put("beta", true);
        attributes.put("score", 7L);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("prompt_length", 412L);
        features.put("language", "en");
        projection.on(feedback("fb-1", "tr-1", "2026-11-20T10:00:00Z",
                new ExplicitFeedback(5, Thumbs.UP, "Quick and right", null),
                new ImplicitSignals(true, false, 5300L, 0, false),
                new FeedbackMetadata("support-bot", "2.3.1", "billing", List.of("crm_lookup", "kb_search"), features,
                        attributes)));
        projection.on(feedback("fb-2", "tr-2", "2026-11-21T10:00:00Z",
                new ExplicitFeedback(2, Thumbs.DOWN, "asked for a refund: 50% off?", "offer the refund"),
                new ImplicitSignals(null, true, 12_000L, 2, true),
                new FeedbackMetadata("support-bot", "2.4.0", "refunds", List.of("refund_api"),
                        Map.of("prompt_length", 380.5), Map.of("channel", "email", "score", "7"))));
        projection.on(feedback("fb-3", "tr-3", "2026-11-22T10:00:00Z", null,
                new ImplicitSignals(false, true, null, null, null),
                new FeedbackMetadata("sales-bot", "1.0", null, List.of(), Map.of("prompt_length", 900L), Map.of())));
        projection.on(feedback("fb-4", "tr-1", "2026-11-23T10:00:00Z", new ExplicitFeedback(null, Thumbs.UP, null, null),
                null, FeedbackMetadata.EMPTY));
        projection.on(feedback("fb-5", "tr-5", "2026-11-24T10:00:00Z",
                new ExplicitFeedback(3, null, "line one\nREFUND please", null), null,
                new FeedbackMetadata("support-bot", "2.3.1", "refunds", List.of(), Map.of(), Map.of())));

        projection.on(logged("tr-1", "a-1", "correctness", true, "2026-11-20T10:01:00Z", null));
        projection.on(logged("tr-1", "a-2", "correctness", false, "2026-11-20T10:02:00Z", "a-1"));
        projection.on(logged("tr-2", "a-3", "correctness", true, "2026-11-21T10:01:00Z", null));
        projection.on(logged("tr-2", "a-4", "relevance", Map.of("score", 0.9), "2026-11-21T10:01:00Z", null));
        projection.on(logged("tr-3", "a-5", "correctness", false, "2026-11-22T10:01:00Z", null));
        projection.on(deleted("tr-3", "a-5", null, "2026-11-22T10:02:00Z"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static FeedbackPage search(String filter) {
        return projection.handle(new SearchFeedback(filter, SearchFeedback.MAX_PAGE_SIZE, null)).join();
    }

    static List<String> ids(String filter) {
        return search(filter).feedback().stream().map(FeedbackMatch::feedbackId).toList();
    }

    /** An empty filter is no filter; an empty expectation is no match. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "                                            | fb-5 fb-4 fb-3 fb-2 fb-1",
            "rating = 5                                  | fb-1",
            "rating != 5                                 | fb-5 fb-2",
            "rating < 3                                  | fb-2",
            "rating <= 3                                 | fb-5 fb-2",
            "rating > 2                                  | fb-5 fb-1",
            "rating >= 3.5                               | fb-1",
            "rating IN (2, 3)                            | fb-5 fb-2",
            "thumbs = 'up'                               | fb-4 fb-1",
            "thumbs != 'up'                              | fb-2",
            "comment = 'Quick and right'                 | fb-1",
            "comment LIKE '%refund%'                     | fb-2",
            "comment ILIKE '%refund%'                    | fb-5 fb-2",
            "comment LIKE '%50\\%%'                      | fb-2",
            "comment LIKE '%5\\%%'                       |",
            "comment LIKE 'Quick_and%'                   | fb-1",
            "comment LIKE 'quick%'                       |",
            "comment LIKE 'line one_REFUND%'             | fb-5",
            "comment LIKE '%?'                           | fb-2",
            "correction = 'offer the refund'             | fb-2",
            "task_completed = false                      | fb-3",
            "task_completed != true                      | fb-3",
            "follow_up_required = true                   | fb-3 fb-2",
            "escalated_to_human = true                   | fb-2",
            "negative = true                             | fb-2",
            "negative = false                            | fb-5 fb-4 fb-3 fb-1",
            "time_to_completion_ms > 5300                | fb-2",
            "time_to_completion_ms >= 5300               | fb-2 fb-1",
            "retry_count = 0                             | fb-1",
            "timestamp >= '2026-11-22T10:00:00Z'         | fb-5 fb-4 fb-3",
            "timestamp > '2026-11-22T11:00:00+01:00'     | fb-5 fb-4",
            "timestamp < 1795255200000                   | fb-1",
            "timestamp = '2026-11-20T10:00:00Z'          | fb-1",
            "timestamp IN ('2026-11-20', '2026-11-21T10:00:00Z') | fb-2",
            "received_at > '2026-11-24T10:00:00.100Z'    | fb-5",
            "trace_id = 'tr-1'                           | fb-4 fb-1",
            "feedback_id IN ('fb-3', 'fb-9')             | fb-3",
            "user_id = 'user-fb-2'                       | fb-2",
            "session_id LIKE 'session-tr-_'              | fb-5 fb-4 fb-3 fb-2 fb-1",
            "agent_id = 'support-bot' AND agent_version = '2.3.1' | fb-5 fb-1",
            "intent_category = 'refunds' and rating < 3  | fb-2",
            "metadata.agent_version = '2.3.1'            | fb-5 fb-1",
            "metadata.intent_category != 'billing'       | fb-5 fb-2",
            "metadata.tools_used = 'crm_lookup'          | fb-1",
            "metadata.tools_used IN ('refund_api', 'x')  | fb-2",
            "metadata.tools_used LIKE 'kb%'              | fb-1",
            "metadata.input_features.prompt_length > 400 | fb-3 fb-1",
            "metadata.input_features.prompt_length < 400 | fb-2",
            "metadata.input_features.language = 'en'     | fb-1",
            "metadata.channel = 'web'                    | fb-1",
            "metadata.channel != 'web'                   | fb-2",
            "metadata.`plan.tier` = 'gold'               | fb-1",
            "metadata.beta = true                        | fb-1",
            "metadata.score = 7                          | fb-1",
            "metadata.score > 5                          | fb-1",
            "metadata.score = '7'                        | fb-2",
            "metadata.score LIKE '7'                     | fb-2",
            "metadata.nothing = 'x'                      |",
            "assessment.correctness = false              | fb-4 fb-1",
            "assessment.correctness = true               | fb-2",
            "assessment.correctness != true              | fb-4 fb-1",
            "assessment.relevance.score >= 0.5           | fb-2",
            "assessment.correctness = false AND rating = 5 | fb-1",
            "assessment.correctness IN (true, false) AND assessment.relevance.score > 0 | fb-2",
            "assessment.nothing = 1                      |"})
    void aFilterMatchesExactlyTheFeedbackItDescribes(String filter, String expected) {
        assertThat(ids(filter)).as(filter)
                .containsExactlyElementsOf(expected == null ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void eachMatchCarriesItsStoredFieldsAndTheCurrentAssessmentsOfItsTrace() {
        FeedbackMatch first = search("feedback_id = 'fb-1'").feedback().get(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(first.receivedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00.250Z"));
        assertThat(first.rating()).isEqualTo(5);
        assertThat(first.thumbs()).isEqualTo(Thumbs.UP);
        assertThat(first.timeToCompletionMs()).isEqualTo(5300L);
        assertThat(first.negative()).isFalse();
        assertThat(first.metadata()).containsEntry("plan.tier", "gold").containsEntry("channel", "web")
                .containsEntry("tools_used", List.of("crm_lookup", "kb_search"))
                .containsEntry("input_features", Map.of("prompt_length", 412L, "language", "en"));
        assertThat(first.assessments()).isEqualTo(Map.of("correctness", false));

        FeedbackMatch unassessed = search("feedback_id = 'fb-5'").feedback().get(0);
        assertThat(unassessed.assessments()).isEmpty();
        assertThat(unassessed.taskCompleted()).isNull();
        assertThat(unassessed.thumbs()).isNull();
    }

    @Test
    void anAssessmentFilterSelectingTooManyTracesIsRefusedAtItsPosition() {
        try (EmbeddedReadModel own = new EmbeddedReadModel("search-cap")) {
            FeedbackSearchProjection p = new FeedbackSearchProjection(own.writer, own.limits);
            UnitOfWork<?> oneBatch = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
            for (int i = 0; i <= FeedbackSearchProjection.MAX_ASSESSED_TRACES; i++) {
                own.writer.put(FeedbackSearchProjection.ASSESSMENTS, "tr-" + i,
                        new Document("values", new Document("correctness", true)));
            }
            oneBatch.commit();
            assertThatThrownBy(() -> p.handle(new SearchFeedback("rating > 1 AND assessment.correctness = true", 10,
                    null)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(FilterException.class)
                    .hasMessage("the assessment conditions (the first at position 15) select more than 10000 traces;"
                            + " narrow them down")
                    .satisfies(e -> assertThat(((FilterException) e).position()).isEqualTo(15));
        }
    }
}
