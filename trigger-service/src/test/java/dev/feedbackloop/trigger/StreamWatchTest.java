package dev.feedbackloop.trigger;

import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.ops.EventProcessingSetup;
import dev.feedbackloop.support.testing.SampleEvents;
import dev.feedbackloop.trigger.query.StreamWatchProjection;
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

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The trigger service on its own follows every event in the store; its API needs triggers:manage. */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001")
class StreamWatchTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    org.axonframework.config.Configuration axon;

    WebTestClient client(String key) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + key).build();
    }

    @Test
    void theStatusFollowsTheNewestEventInTheStore() {
        for (int i = 0; i < 3; i++) {
            eventStore.publish(new GenericDomainEventMessage<>("Feedback", "sw-" + i, 0, SampleEvents.feedbackSubmitted("sw-" + i)));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client("manager-secret-000001").get()
                .uri("/api/v1/triggers/status").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.last_position").isEqualTo(3));
    }

    @Test
    void theWatchIsDeliveredOnlyTheNewestEventOfEachRunNotEveryEvent() {
        var reads = EventProcessingSetup.handledBy(axon, StreamWatchProjection.PROCESSING_GROUP);

        org.assertj.core.api.Assertions.assertThat(reads.test(FeedbackSubmitted.class)).isFalse();
        org.assertj.core.api.Assertions.assertThat(reads.test(Object.class)).isFalse();
    }

    @Test
    void readingTheTriggerApiNeedsTheTriggersScope() {
        client("reader-secret-00000001").get().uri("/api/v1/triggers/status").exchange().expectStatus().isForbidden();
    }
}
