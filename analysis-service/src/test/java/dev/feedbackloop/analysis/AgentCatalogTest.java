package dev.feedbackloop.analysis;

import dev.feedbackloop.support.testing.SampleEvents;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The analysis service on its own: it follows the event stream and keeps its agent catalog in event time. */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ml=analytics:read=reader-secret-00000001")
class AgentCatalogTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    static FeedbackSubmitted seen(String id, String agent, String version, String intent, String at) {
        FeedbackSubmitted e = SampleEvents.feedbackSubmitted(id);
        return new FeedbackSubmitted(e.feedbackId(), e.traceId(), Instant.parse(at), e.userId(), e.sessionId(),
                e.explicitFeedback(), e.implicitSignals(),
                new FeedbackMetadata(agent, version, intent, List.of(), Map.of(), Map.of()), e.fingerprint(), e.receivedAt());
    }

    void publish(FeedbackSubmitted event) {
        eventStore.publish(new GenericDomainEventMessage<>("Feedback", event.feedbackId().value(), 0, event));
    }

    @Test
    void theCatalogKeepsEachAgentsVersionsIntentsAndEventTimeSpanWhateverTheArrivalOrder() {
        publish(seen("a-1", "catalog-bot", "1.0", "billing", "2026-11-20T10:00:00Z"));
        publish(seen("a-2", "catalog-bot", "1.1", "refunds", "2026-11-25T10:00:00Z"));
        // arrives last, happened first: first_seen follows event time, not arrival
        publish(seen("a-3", "catalog-bot", "1.0", "billing", "2026-11-18T08:00:00Z"));
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer reader-secret-00000001").build();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/api/v1/analytics/agents")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.agents[0].agent_id").isEqualTo("catalog-bot")
                .jsonPath("$.agents[0].agent_versions").isEqualTo(List.of("1.0", "1.1"))
                .jsonPath("$.agents[0].intent_categories").isEqualTo(List.of("billing", "refunds"))
                .jsonPath("$.agents[0].first_seen").isEqualTo("2026-11-18T08:00:00Z")
                .jsonPath("$.agents[0].last_seen").isEqualTo("2026-11-25T10:00:00Z"));
    }
}
