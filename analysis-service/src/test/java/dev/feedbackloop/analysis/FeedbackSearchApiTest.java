package dev.feedbackloop.analysis;

import dev.feedbackloop.kernel.feedback.AssessmentEvent;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.testing.SampleEvents;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Feedback search over HTTP: events in, filtered pages out, and a bad filter answered with where it broke. */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ml=analytics:read=reader-secret-00000002;agent=feedback:write=writer-secret-00000002")
class FeedbackSearchApiTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-search").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    static FeedbackSubmitted rated(String id, String trace, int rating, String version, String at) {
        FeedbackSubmitted e = SampleEvents.feedbackSubmitted(id);
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of(trace), Instant.parse(at), e.userId(), e.sessionId(),
                new ExplicitFeedback(rating, rating <= 2 ? Thumbs.DOWN : Thumbs.UP, "rated " + rating, null),
                e.implicitSignals(), new FeedbackMetadata("search-bot", version, "billing", List.of("crm_lookup"),
                e.metadata().inputFeatures(), Map.of("channel", "web")), e.fingerprint(), e.receivedAt());
    }

    static AssessmentLogged judged(String trace, String id, boolean correct) {
        return new AssessmentLogged(TraceId.of(trace), AssessmentId.of(id), "correctness", correct,
                new AssessmentSource(AssessmentSourceType.LLM_JUDGE, "judge-v1"), null, Map.of(), null,
                Instant.parse("2026-11-28T12:00:00Z"));
    }

    void publish(FeedbackSubmitted event) {
        eventStore.publish(new GenericDomainEventMessage<>("Feedback", event.feedbackId().value(), 0, event));
    }

    void publish(AssessmentEvent event, long sequence) {
        eventStore.publish(new GenericDomainEventMessage<>("TraceAssessments", event.traceId().value(), sequence, event));
    }

    WebTestClient http(String secret) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + secret).build();
    }

    @Test
    void searchFiltersOnFeedbackFieldsMetadataAndAssessmentsAndPagesNewestFirst() {
        publish(rated("search-1", "search-tr-1", 1, "3.0", "2026-11-25T10:00:00Z"));
        publish(rated("search-2", "search-tr-2", 2, "3.0", "2026-11-26T10:00:00Z"));
        publish(rated("search-3", "search-tr-3", 2, "3.1", "2026-11-27T10:00:00Z"));
        publish(rated("search-4", "search-tr-4", 5, "3.0", "2026-11-27T11:00:00Z"));
        publish(judged("search-tr-1", "search-a-1", false), 0);
        publish(judged("search-tr-2", "search-a-2", false), 0);
        publish(judged("search-tr-4", "search-a-4", true), 0);
        WebTestClient http = http("reader-secret-00000002");
        String filter = "metadata.agent_version = '3.0' AND rating <= 2 AND assessment.correctness = false";

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").queryParam("page_size", 1)
                        .build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback.length()").isEqualTo(1)
                .jsonPath("$.feedback[0].feedback_id").isEqualTo("search-2")
                .jsonPath("$.feedback[0].timestamp").isEqualTo("2026-11-26T10:00:00Z")
                .jsonPath("$.feedback[0].rating").isEqualTo(2)
                .jsonPath("$.feedback[0].thumbs").isEqualTo("down")
                .jsonPath("$.feedback[0].negative").isEqualTo(true)
                .jsonPath("$.feedback[0].metadata.agent_version").isEqualTo("3.0")
                .jsonPath("$.feedback[0].metadata.channel").isEqualTo("web")
                .jsonPath("$.feedback[0].metadata.input_features.prompt_length").isEqualTo(412)
                .jsonPath("$.feedback[0].assessments.correctness").isEqualTo(false)
                .jsonPath("$.feedback[0].correction").doesNotExist()
                .jsonPath("$.next_page_token").isNotEmpty());

        String token = http.get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").queryParam("page_size", 1)
                        .build(filter))
                .exchange().expectStatus().isOk().returnResult(Map.class).getResponseBody().blockFirst()
                .get("next_page_token").toString();
        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}")
                        .queryParam("page_size", 1).queryParam("page_token", token).build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("search-1"))
                .jsonPath("$.next_page_token").doesNotExist();

        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").build(
                        "agent_id = 'search-bot' AND metadata.tools_used = 'crm_lookup'"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("search-4", "search-3", "search-2", "search-1"));

        // the token of one filter does not continue another
        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("page_token", token).build())
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("page_token")
                .jsonPath("$.errors[0].rule").isEqualTo("filter_mismatch");
    }

    @Test
    void aBadFilterIsAProblemNamingTheRuleAndThePosition() {
        http("reader-secret-00000002").get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}")
                        .build("metadata.channel rating = 4"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("filter: expected a comparison operator at position 17, found 'rating'")
                .jsonPath("$.errors[0].field").isEqualTo("filter")
                .jsonPath("$.errors[0].rule").isEqualTo("syntax")
                .jsonPath("$.errors[0].position").isEqualTo(17)
                .jsonPath("$.errors[0].message").isEqualTo("expected a comparison operator at position 17, found 'rating'");

        http("reader-secret-00000002").get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").build("ratingg = 4"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].rule").isEqualTo("unknown_field")
                .jsonPath("$.errors[0].position").isEqualTo(0);
    }

    @Test
    void badPageParametersAreProblemsNamingTheParameter() {
        WebTestClient http = http("reader-secret-00000002");
        for (String size : List.of("0", "1001", "ten")) {
            http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("page_size", size).build())
                    .exchange().expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("page_size")
                    .jsonPath("$.errors[0].position").doesNotExist();
        }
        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("page_token", "bm90LWEtdG9rZW4").build())
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("page_token")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
    }

    @Test
    void searchingNeedsAnalyticsRead() {
        http("writer-secret-00000002").get().uri("/api/v1/analytics/feedback").exchange().expectStatus().isForbidden();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/analytics/feedback").exchange().expectStatus().isUnauthorized();
    }

    /** Feedback of an agent of its own, so that the searches for search-bot above do not see it. */
    static FeedbackSubmitted commented(String id, String at, String comment) {
        FeedbackSubmitted e = SampleEvents.feedbackSubmitted(id);
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), Instant.parse(at), e.userId(),
                e.sessionId(), new ExplicitFeedback(1, Thumbs.DOWN, comment, null), e.implicitSignals(),
                new FeedbackMetadata("bounds-bot", "9.9", "billing", List.of(), Map.of(), Map.of()), e.fingerprint(),
                e.receivedAt());
    }

    WebTestClient patient(String secret) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + secret).build();
    }

    /** The naive translation of %a%a%b backtracks for minutes on the first comment and held the store meanwhile. */
    @Test
    void wildcardsOverATenThousandCharacterCommentAreAnsweredAndTheStoreStaysFree() {
        publish(commented("long-aaa", "2026-11-20T10:00:00Z", "a".repeat(10_000)));
        publish(commented("long-aab", "2026-11-20T10:00:00Z", "a".repeat(9_999) + "b"));
        WebTestClient http = patient("reader-secret-00000002");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}")
                        .build("agent_version = '9.9' AND comment LIKE '%a%a%b'"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("long-aab")));
        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", "agent_version = '9.9' AND comment ILIKE '%A%A%A%A%A%A%A%A%A%A%A%A%A%A%A%B'"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("long-aab"));
        http.get().uri("/api/v1/analytics/agents").exchange().expectStatus().isOk();
    }

    @Test
    void aPatternPastItsLimitsIsAProblemNamingFilterRuleAndPosition() {
        String filter = "rating <= 2 AND comment LIKE '" + "%a".repeat(17) + "'";
        http("reader-secret-00000002").get()
                .uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").build(filter))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("filter")
                .jsonPath("$.errors[0].rule").isEqualTo("max_wildcards")
                .jsonPath("$.errors[0].position").isEqualTo(29);
        http("reader-secret-00000002").post().uri("/api/v1/analytics/feedback/search")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", "comment LIKE '" + "x".repeat(300) + "'"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].rule").isEqualTo("max_pattern_length")
                .jsonPath("$.errors[0].position").isEqualTo(13);
    }

    /** feedback_id IN ('long-filter-00000', ...) of exactly {@code length} characters, naming search-1 among others. */
    static String inList(int length) {
        StringBuilder filter = new StringBuilder("feedback_id IN ('long-in-1'");
        for (int i = 0; filter.length() + 22 < length; i++) {
            filter.append(String.format(", 'long-filter-%05d'", i));
        }
        int padding = length - filter.length() - ", '')".length();
        filter.append(", '").append("z".repeat(padding)).append("')");
        assertThat(filter).hasSize(length);
        return filter.toString();
    }

    @Test
    void aFilterOfTenThousandCharactersIsSearchedByPostAndOneMoreIsRefused() {
        publish(commented("long-in-1", "2026-11-25T10:00:00Z", "in a long list"));
        WebTestClient http = patient("reader-secret-00000002");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.post().uri("/api/v1/analytics/feedback/search")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", inList(10_000), "page_size", 5))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("long-in-1"))
                .jsonPath("$.next_page_token").doesNotExist());

        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", inList(10_001)))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("filter")
                .jsonPath("$.errors[0].rule").isEqualTo("max_length");
        // a query string as long as the server's request line allows (4 KiB by default) works as well
        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").build(inList(2_500)))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("long-in-1"));
    }

    @Test
    void aSearchByPostPagesLikeTheGetAndNamesEveryBadField() {
        publish(commented("post-1", "2026-11-25T10:00:00Z", "first"));
        publish(commented("post-2", "2026-11-26T10:00:00Z", "second"));
        WebTestClient http = patient("reader-secret-00000002");
        String filter = "feedback_id IN ('post-1', 'post-2')";
        String token = await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<?, ?> page = http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("filter", filter, "page_size", 1))
                    .exchange().expectStatus().isOk().returnResult(Map.class).getResponseBody().blockFirst();
            List<?> feedback = (List<?>) page.get("feedback");
            return feedback.size() == 1 && ((Map<?, ?>) feedback.get(0)).get("feedback_id").equals("post-2")
                    ? (String) page.get("next_page_token") : null;
        }, java.util.Objects::nonNull);
        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("filter", filter, "page_size", 1, "page_token", token))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("post-1"))
                .jsonPath("$.next_page_token").doesNotExist();
        // the GET continues a token issued by the POST: the same search
        http.get().uri(u -> u.path("/api/v1/analytics/feedback").queryParam("filter", "{f}").queryParam("page_size", 1)
                        .queryParam("page_token", "{t}").build(filter, token))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feedback[*].feedback_id").isEqualTo(List.of("post-1"));

        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"filter\": 7, \"page_size\": \"ten\", \"limit\": 5}")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").isEqualTo(List.of("limit", "filter", "page_size"))
                .jsonPath("$.errors[*].rule").isEqualTo(List.of("unknown_field", "type", "type"));
        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[]").exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/analytics/feedback/search").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"filter\": \"" + "x".repeat(70_000) + "\"}").exchange().expectStatus().isEqualTo(413);
        patient("writer-secret-00000002").post().uri("/api/v1/analytics/feedback/search")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isForbidden();
    }
}
