package dev.feedbackloop.trigger;

import com.mongodb.client.model.Filters;
import com.sun.net.httpserver.HttpServer;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import dev.feedbackloop.trigger.webhook.HostResolver;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import dev.feedbackloop.trigger.webhook.WebhookReadModelUpgrade;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets at rest and in transit through the platform: a subscription's secret is in no log line (at DEBUG), in no
 * response, in no stored event and in no read model, only sealed; a subscription stored by the first version (plain
 * secret, revision 1) still loads, its secret sealed on reading; and a host name that resolves to loopback is
 * refused when sending, though it passed at subscription (DNS rebinding).
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001",
                "platform.webhooks.base-delay=50ms",
                "platform.webhooks.max-delay=200ms",
                "platform.webhooks.poll-interval=50ms",
                "logging.level.dev.feedbackloop=DEBUG",
                "logging.level.org.axonframework=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
@Import(WebhookSecretsTest.Dns.class)
class WebhookSecretsTest {

    static final String SECRET = "whsec_c2VjcmV0cy10ZXN0LWtleS1uZXZlci1sb2dnZWQtMDE=";
    static final String ROTATED = "whsec_cm90YXRlZC10ZXN0LWtleS1uZXZlci1sb2dnZWQtMDI=";
    static final String OLD_PLAIN = "a-plain-secret-of-the-first-version";

    @TestConfiguration
    static class Dns {
        @Bean
        HostResolver hostResolver() {
            return host -> host.equals("rebound.example.test") ? List.of(InetAddress.getByName("127.0.0.1"))
                    : HostResolver.system().resolve(host);
        }
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-webhook-secrets").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    DataSource dataSource;
    @Autowired
    ReadModelWriter readModels;
    @Autowired
    SecretBox secrets;
    @Autowired
    WebhookReadModelUpgrade upgrade;

    final List<String> responses = new ArrayList<>();

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    /** Keeps every response, headers and body, for the search at the end. */
    String keep(EntityExchangeResult<String> result) {
        responses.add(result.getResponseHeaders() + "\n" + result.getResponseBody());
        return result.getResponseBody();
    }

    static List<String> forms(String secret) {
        return List.of(secret, secret.substring("whsec_".length()),
                new String(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())), StandardCharsets.UTF_8));
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aSecretIsInNoLogLineResponseStoredEventOrReadModelAndANameResolvingToLoopbackIsRefused(CapturedOutput output)
            throws Exception {
        int receiverPort = freePort();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 0);
        receiver.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String created = keep(client().post().uri("/api/v1/webhooks")
                    .bodyValue(Map.of("url", "http://rebound.example.test:" + receiverPort + "/hook",
                            "event_types", List.of("feedbackloop.monitor.drift_detected"), "secret", SECRET))
                    .exchange().expectStatus().isCreated().expectBody(String.class).returnResult());
            String id = created.replaceAll(".*\"id\":\"(wh-[^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                    .exchange().expectStatus().isOk());
            eventStore.publish(new GenericDomainEventMessage<>("AgentMonitor", Streams.agentMonitor("secret-bot"), 0,
                    new DriftDetected("secret-bot", "length", 0.4, Instant.parse("2026-11-28T09:00:00Z"))));

            // passed at subscription as a name, refused at sending as the loopback address it resolves to
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(keep(client().get()
                    .uri("/api/v1/webhooks/" + id + "/deliveries").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult()))
                    .contains("refused: rebound.example.test resolves to 127.0.0.1, which is a loopback address"));
            assertThat(calls.get()).isZero();

            keep(client().post().uri("/api/v1/webhooks/" + id + "/rotate-secret").bodyValue(Map.of("secret", ROTATED))
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readModel(id).getList(
                    WebhookOutbox.RETIRING_SECRETS, Document.class)).hasSize(1));
            keep(client().get().uri("/api/v1/webhooks/" + id).exchange().expectBody(String.class).returnResult());
            keep(client().get().uri("/api/v1/webhooks").exchange().expectBody(String.class).returnResult());
            keep(client().delete().uri("/api/v1/webhooks/" + id).exchange().expectBody(String.class).returnResult());
            keep(client().get().uri("/api/v1/webhooks/" + id).exchange().expectBody(String.class).returnResult());

            Document stored = readModel(id);
            String context = SubscribeWebhook.secretContext(id);
            assertThat(secrets.open(stored.getString(WebhookOutbox.SEALED_SECRET), context)).isEqualTo(ROTATED);
            assertThat(secrets.open(stored.getList(WebhookOutbox.RETIRING_SECRETS, Document.class).get(0)
                    .getString(WebhookOutbox.SEALED_SECRET), context)).isEqualTo(SECRET);

            List<String> places = new ArrayList<>(responses);
            places.add(output.getAll());
            places.add(stored.toJson());
            List<String> events = storedEvents("webhook:" + id);
            assertThat(events.get(0)).contains("\"sealed_secret\":\"v1:");
            places.addAll(events);
            for (String secret : List.of(SECRET, ROTATED)) {
                for (String form : forms(secret)) {
                    for (String place : places) {
                        assertThat(place).doesNotContain(form);
                    }
                }
            }
            assertThat(output.getAll()).as("the platform logged at DEBUG while the secret went through it")
                    .contains("DEBUG").contains(id);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aSubscriptionStoredByTheFirstVersionStillLoadsWithItsSecretSealed() throws Exception {
        String id = "wh-first-version";
        String revision1 = "{\"description\":\"from 1.0\",\"event_types\":[\"TriggerConditionMet\"],"
                + "\"secret\":\"" + OLD_PLAIN + "\",\"subscribed_at\":\"2026-11-01T10:00:00Z\","
                + "\"url\":\"https://ci.example.com/hooks/v1\",\"webhook_id\":\"" + id + "\"}";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData,"
                        + " payload, payloadRevision, payloadType, timeStamp) VALUES (?, 0, 'WebhookSubscription', ?, ?, ?, '1', ?, ?)")) {
            s.setString(1, Streams.webhook(id));
            s.setString(2, UUID.randomUUID().toString());
            s.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
            s.setBytes(4, revision1.getBytes(StandardCharsets.UTF_8));
            s.setString(5, "dev.feedbackloop.trigger.command.WebhookSubscribed");
            s.setString(6, "2026-11-01T10:00:00Z");
            s.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("active")
                .jsonPath("$.event_types").isEqualTo(List.of("feedbackloop.trigger.condition_met"))
                .jsonPath("$.description").isEqualTo("from 1.0"));
        Document stored = readModel(id);
        assertThat(stored.containsKey("secret")).isFalse();
        assertThat(secrets.open(stored.getString(WebhookOutbox.SEALED_SECRET), SubscribeWebhook.secretContext(id)))
                .isEqualTo(OLD_PLAIN);
        // the aggregate loads the old event too: a rotation and a removal go through
        client().post().uri("/api/v1/webhooks/" + id + "/rotate-secret").exchange().expectStatus().isOk();
        client().delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectBody().jsonPath("$.state").isEqualTo("removed"));
    }

    @Test
    void aReadModelWrittenByTheFirstVersionHasItsSecretsSealedInPlace() {
        String id = "wh-read-model-v1";
        Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS).insertOne(new Document("_id", id)
                .append("url", "https://ci.example.com/hooks/rm").append("event_types", List.of("DriftDetected"))
                .append("secret", OLD_PLAIN).append("state", "active")
                .append("subscribed_at", java.util.Date.from(Instant.parse("2026-11-01T10:00:00Z"))))).block();
        assertThat(upgrade.run()).isEqualTo(1);
        Document upgraded = readModel(id);
        assertThat(upgraded.containsKey("secret")).isFalse();
        assertThat(upgraded.getList("event_types", String.class)).containsExactly("feedbackloop.monitor.drift_detected");
        assertThat(secrets.open(upgraded.getString(WebhookOutbox.SEALED_SECRET), SubscribeWebhook.secretContext(id)))
                .isEqualTo(OLD_PLAIN);
        assertThat(upgrade.run()).isZero();
    }

    Document readModel(String id) {
        return Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS).find(Filters.eq("_id", id)).first())
                .block(Duration.ofSeconds(10));
    }

    List<String> storedEvents(String aggregate) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT payload, metaData FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            s.setString(1, aggregate);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new String(r.getBytes(1), StandardCharsets.UTF_8) + new String(r.getBytes(2), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(3);
        return out;
    }
}
