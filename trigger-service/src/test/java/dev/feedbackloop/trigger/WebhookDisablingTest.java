package dev.feedbackloop.trigger;

import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A receiver that never listens: each delivery is retried until it is max-age old and then fails, and after
 * disable-after-failures failed deliveries in a row the subscription is disabled with its reason. Failed deliveries
 * are pruned once they are failed-retention old.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001",
                "platform.webhooks.allow-loopback=true",
                "platform.webhooks.base-delay=50ms",
                "platform.webhooks.max-delay=100ms",
                "platform.webhooks.poll-interval=50ms",
                "platform.webhooks.max-age=1s",
                "platform.webhooks.disable-after-failures=2",
                "platform.webhooks.failed-retention=6s",
                "platform.webhooks.prune-interval=500ms"})
class WebhookDisablingTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-webhook-disable").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    @Test
    void aSubscriptionWhoseDeliveriesKeepFailingIsDisabled() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String id = (String) client().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "http://127.0.0.1:" + closed + "/hook",
                        "event_types", List.of("feedbackloop.monitor.drift_detected")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk());
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            eventStore.publish(new GenericDomainEventMessage<>("AgentMonitor", Streams.agentMonitor("dead-end-bot"), i,
                    new DriftDetected("dead-end-bot", "feature-" + i, 0.4, at.plusSeconds(i))));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("disabled")
                // deliveries fail side by side, so the count the sender saw may already be past the limit
                .jsonPath("$.disabled_reason").value(org.hamcrest.Matchers.matchesPattern("[23] deliveries in a row failed")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id + "/deliveries")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries.length()").isEqualTo(3)
                .jsonPath("$.deliveries[?(@.state == 'failed')].event_type")
                .isEqualTo(List.of("feedbackloop.monitor.drift_detected", "feedbackloop.monitor.drift_detected",
                        "feedbackloop.monitor.drift_detected")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id + "/deliveries")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries.length()").isEqualTo(0));
    }
}
