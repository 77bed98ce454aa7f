package dev.feedbackloop.launcher;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events that an older version could have stored past today's door (a NUL in a metadata name, lone surrogates in a
 * version, twice) reach every projection of the platform: each parks them in its dead-letter queue and goes on, so
 * feedback posted afterwards shows up everywhere.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=admin=poison-admin-secret-000001")
class PoisonEventTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("poison-events").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    @Test
    void everyProjectionParksAnUnstorableEventAndGoesOn() {
        WebTestClient api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer poison-admin-secret-000001").build();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        for (String id : List.of("poison-nul", "poison-surrogate-1", "poison-surrogate-2")) {
            FeedbackMetadata metadata = id.equals("poison-nul")
                    ? new FeedbackMetadata("poison-bot", "1.0", "billing", List.of(), Map.of(), Map.of("a\u0000b", 1))
                    : new FeedbackMetadata("poison-bot", "\ud800", "billing", List.of(), Map.of(), Map.of());
            FeedbackSubmitted event = new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("t-" + id), at, "u-1", null,
                    new ExplicitFeedback(1, null, "it failed", null), new ImplicitSignals(false, null, null, null, null),
                    metadata, "fp-" + id, at);
            eventStore.publish(new GenericDomainEventMessage<>("Feedback", id, 0, event));
        }
        api.post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"feedback_id\": \"after-poison\", \"trace_id\": \"t-after\", \"timestamp\": \"" + at + "\","
                        + " \"explicit_feedback\": {\"rating\": 5}, \"implicit_signals\": {\"task_completed\": true},"
                        + " \"metadata\": {\"agent_id\": \"poison-bot\", \"agent_version\": \"1.0\"}}")
                .exchange().expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            api.get().uri("/api/v1/feedback/after-poison").exchange().expectStatus().isOk();
            api.get().uri("/api/v1/analytics/summary?agent_id=poison-bot").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.total_feedback").isEqualTo(1);
        });
        List<Map<String, Object>> projections = api.get().uri("/api/v1/admin/projections").exchange()
                .expectStatus().isOk().expectBodyList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat(projections).isNotEmpty().allSatisfy(p -> assertThat(p.get("error")).as(p.get("name") + " in error").isEqualTo(false));
        Map<String, Object> deadLetters = api.get().uri("/api/v1/admin/dead-letters").exchange().expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) deadLetters.get("processing_groups");
        assertThat(groups).filteredOn(g -> ((Number) g.get("letters")).longValue() > 0)
                .extracting(g -> (String) g.get("processing_group"))
                .contains("feedback-view", "analysis-metrics");
    }
}
