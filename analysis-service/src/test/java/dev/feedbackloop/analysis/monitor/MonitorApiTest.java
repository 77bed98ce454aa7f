package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThan;

/** Drift, conditions and baselines through the HTTP API, after ten days of feedback with a drift on day eight. */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ml=analytics:read=reader-secret-00000001;"
                + "ops=triggers:manage,analytics:read=manager-secret-0000001",
                "platform.monitor.evaluation-interval=1s",
                // failure modes have tests of their own; here they would add clustered_failures conditions
                "platform.clustering.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorApiTest {

    static final String AGENT = "api-bot";
    static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
    static final Instant DRIFT = START.plus(Duration.ofDays(8));

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-monitor-api").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    WebTestClient reader;
    WebTestClient manager;

    @BeforeAll
    void tenDaysOfFeedback() {
        reader = client("reader-secret-00000001");
        manager = client("manager-secret-0000001");
        Instant never = Instant.parse("2100-01-01T00:00:00Z");
        List<FeedbackSubmitted> history = new ScenarioFeedback(AGENT, START, Duration.ofDays(10), never, never, DRIFT).generate();
        for (int i = 0; i < history.size(); i += 1000) {
            List<DomainEventMessage<?>> chunk = new ArrayList<>();
            history.subList(i, Math.min(history.size(), i + 1000)).forEach(e ->
                    chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
            eventStore.publish(chunk);
        }
        String last = START.plus(Duration.ofDays(10)).minus(Duration.ofHours(1)).toString();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                reader.get().uri("/api/v1/analytics/drift?agent_id={a}", AGENT).exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$.features[?(@.feature == 'intent_category')].evaluated_at").isEqualTo(List.of(last)));
    }

    WebTestClient client(String secret) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + secret).build();
    }

    @Test
    void theDriftOverviewShowsTheDriftingFeatureAndTheStableOnes() {
        reader.get().uri("/api/v1/analytics/drift?agent_id={a}", AGENT).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.features[?(@.feature == 'intent_category')].state").isEqualTo(List.of("drifting"))
                .jsonPath("$.features[?(@.feature == 'intent_category')].level").isEqualTo(List.of("significant"))
                .jsonPath("$.features[?(@.feature == 'tools_used')].state").isEqualTo(List.of("stable"))
                .jsonPath("$.features[?(@.feature == 'input_features.prompt_length')].level").isEqualTo(List.of("stable"))
                .jsonPath("$.features[?(@.feature == 'intent_category')].detected_at").value(hasItem(org.hamcrest.Matchers.startsWith("2026-09-09T0")));
    }

    @Test
    void aFeatureShowsItsHistoryNewestFirstAndBothHistogramsOnTheReferenceBins() {
        reader.get().uri("/api/v1/analytics/drift/intent_category?agent_id={a}&limit=5", AGENT).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.history.length()").isEqualTo(5)
                .jsonPath("$.history[0].evaluated_at").isEqualTo("2026-09-10T23:00:00Z")
                .jsonPath("$.history[1].evaluated_at").isEqualTo("2026-09-10T22:00:00Z")
                // the reference [09-02T23, 09-09T23) already holds 23 drifted hours, so it knows cancellation
                .jsonPath("$.histograms.bins").isEqualTo(List.of("billing", "cancellation", "refunds", "shipping",
                        "(unseen)", "(missing)"))
                // the current window is all after the drift: 2 billing, 5 cancellation, 2 refunds, 1 shipping in 10
                .jsonPath("$.histograms.current_shares").isEqualTo(List.of(0.2, 0.5, 0.2, 0.1, 0.0, 0.0))
                // reference billing (145 x 0.6 + 23 x 0.2) / 168 = 0.545238
                .jsonPath("$.histograms.reference_shares[0]").isEqualTo(0.545238)
                .jsonPath("$.histograms.current_count").isEqualTo(1440)
                .jsonPath("$.histograms.psi").value(greaterThan(0.25));
    }

    @Test
    void aFeatureNeedsAnAgentAndAnUnknownFeatureIsNotFound() {
        reader.get().uri("/api/v1/analytics/drift/intent_category").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("agent_id");
        reader.get().uri("/api/v1/analytics/drift/no_such_feature?agent_id={a}", AGENT).exchange().expectStatus().isNotFound();
        reader.get().uri("/api/v1/analytics/drift/intent_category?agent_id={a}&limit=0", AGENT).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    @Test
    void theDriftRuleIsMetForTheDriftingFeatureOnly() {
        reader.get().uri("/api/v1/analytics/conditions?agent_id={a}&state=met", AGENT).exchange().expectStatus().isOk()
                .expectBody()
                // (a model release, tested apart, may have met its own rule)
                .jsonPath("$.conditions[?(@.rule != 'model_update_available')].rule").isEqualTo(List.of("drift_detection"))
                .jsonPath("$.conditions[?(@.rule == 'drift_detection')].scope.feature").isEqualTo(List.of("intent_category"))
                .jsonPath("$.conditions[?(@.rule == 'drift_detection')].threshold").isEqualTo(List.of("> 0.25"));
        reader.get().uri("/api/v1/analytics/conditions?state=open").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("state");
    }

    @Test
    void aBaselineIsPinnedReadAndReleasedByAManagerOnly() {
        String body = "{\"from\": \"2026-09-01T00:00:00Z\", \"to\": \"2026-09-08T00:00:00Z\"}";
        reader.post().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isForbidden();
        manager.post().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\": \"2026-09-08T00:00:00Z\", \"to\": \"2026-09-01T00:00:00Z\"}").exchange()
                .expectStatus().isBadRequest();
        manager.post().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"from\": \"yesterday\", \"to\": \"2026-09-01T00:00:00Z\"}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        manager.post().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                reader.get().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$.from").isEqualTo("2026-09-01T00:00:00Z"));
        manager.delete().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).exchange().expectStatus().isNoContent();
        manager.delete().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).exchange().expectStatus().isNotFound();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                reader.get().uri("/api/v1/analytics/drift/baselines/{a}", AGENT).exchange().expectStatus().isNotFound());
    }

    @Test
    void aModelReleaseMeetsTheModelUpdateRuleForThatVersion() {
        manager.post().uri("/api/v1/models/{a}/versions", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"version\": \"2.0.0\", \"released_at\": \"2026-09-10T12:00:00Z\"}").exchange()
                .expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                reader.get().uri("/api/v1/analytics/conditions?agent_id={a}&state=met", AGENT).exchange()
                        .expectStatus().isOk().expectBody()
                        .jsonPath("$.conditions[?(@.rule == 'model_update_available')].scope.agent_version")
                        .isEqualTo(List.of("2.0.0"))
                        .jsonPath("$.conditions[?(@.rule == 'model_update_available')].met_at")
                        .isEqualTo(List.of("2026-09-10T12:00:00Z")));
    }
}
