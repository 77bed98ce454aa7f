package dev.feedbackloop.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.trigger.webhook.WebhookSender;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries against a receiver that misbehaves on purpose: at first nothing listens on its port (the connection is
 * refused), then it answers each event with a 500, then too slowly, then with 200. Every event still arrives,
 * signed, and the delivery log shows each attempt.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001",
                "platform.webhooks.allow-loopback=true",
                "platform.webhooks.base-delay=50ms",
                "platform.webhooks.max-delay=200ms",
                "platform.webhooks.poll-interval=50ms",
                "platform.webhooks.connect-timeout=500ms",
                "platform.webhooks.request-timeout=500ms"})
class WebhookDeliveryTest {

    static final String SECRET = "delivery-test-secret-0001";
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-webhooks").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    WebhookSender sender;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> callsPerEvent = new ConcurrentHashMap<>();

    record Received(String eventId, String timestamp, String signature, String contentType, String body) {
    }

    WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Each event's first request fails with 500, its second answers after the sender gave up, the third is accepted. */
    void startReceiver(int receiverPort) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String eventId = exchange.getRequestHeaders().getFirst("X-Feedbackloop-Event-Id");
            received.add(new Received(eventId, exchange.getRequestHeaders().getFirst("X-Feedbackloop-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Feedbackloop-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
            int call = callsPerEvent.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
            int status = 200;
            if (call == 1) {
                status = 500;
            } else if (call == 2) {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    String subscribe(String url, List<String> types) {
        String id = JSON.valueToTree(client().post().uri("/api/v1/webhooks")
                        .header("Content-Type", "application/json")
                        .bodyValue(Map.of("url", url, "event_types", types, "secret", SECRET, "description", "ci"))
                        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody())
                .get("id").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk());
        return id;
    }

    void publish(String agent, long sequence, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("AgentMonitor", Streams.agentMonitor(agent), sequence, event));
    }

    static String sign(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySubscribedEventArrivesSignedDespiteRefusalsErrorsAndTimeouts() throws Exception {
        int receiverPort = closedPort();
        String webhook = subscribe("http://127.0.0.1:" + receiverPort + "/hook",
                List.of("TriggerConditionMet", "TriggerConditionCleared"));
        Instant since = Instant.parse("2026-11-28T08:00:00Z");
        publish("hook-bot", 0, new TriggerConditionMet("hook-bot", "low_rating", "avg_rating", Map.of("agent_id", "hook-bot"),
                2.1, null, "< 3.0", since, since.plusSeconds(3600)));
        publish("hook-bot", 1, new DriftDetected("hook-bot", "response_length", 0.3, since.plusSeconds(3600)));
        publish("hook-bot", 2, new TriggerConditionCleared("hook-bot", "low_rating", "avg_rating",
                Map.of("agent_id", "hook-bot"), 3.4, since.plusSeconds(7200)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get()
                .uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries.length()").isEqualTo(2)
                .jsonPath("$.deliveries[0].attempts").value(n -> assertThat((Integer) n).isGreaterThanOrEqualTo(1))
                .jsonPath("$.deliveries[0].last_error").value(e -> assertThat((String) e).contains("connection"))
                .jsonPath("$.deliveries[0].state").isEqualTo("pending"));

        startReceiver(receiverPort);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get()
                .uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[0].state").isEqualTo("delivered")
                .jsonPath("$.deliveries[1].state").isEqualTo("delivered"));

        JsonNode log = JSON.readTree(client().get().uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange()
                .expectBody(String.class).returnResult().getResponseBody());
        for (JsonNode delivery : log.get("deliveries")) {
            // refused at least once, then 500, then timed out, then 200
            assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(delivery.get("last_status").asInt()).isEqualTo(200);
            assertThat(delivery.get("next_attempt_at").isNull()).isTrue();
        }

        Set<String> types = received.stream().map(r -> {
            try {
                return JSON.readTree(r.body()).get("type").asText();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("TriggerConditionMet", "TriggerConditionCleared");
        assertThat(received.stream().map(Received::eventId).distinct()).hasSize(2);
        for (Received r : received) {
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.signature()).isEqualTo(sign(r.timestamp(), r.body()));
            assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(120L));
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("id").asText()).isEqualTo(r.eventId());
            if (body.get("type").asText().equals("TriggerConditionMet")) {
                assertThat(body.get("time").asText()).isNotBlank();
                assertThat(body.get("data").get("agent_id").asText()).isEqualTo("hook-bot");
                assertThat(body.get("data").get("rule").asText()).isEqualTo("low_rating");
                assertThat(body.get("data").get("since").asText()).isEqualTo("2026-11-28T08:00:00Z");
            }
        }
    }

    @Test
    void deliveriesWaitingWhileTheSenderIsDownGoOutWhenItStartsAgain() throws Exception {
        int receiverPort = closedPort();
        startReceiver(receiverPort);
        callsPerEvent.clear();
        String webhook = subscribe("http://127.0.0.1:" + receiverPort + "/hook", List.of("DriftResolved"));
        sender.stop();
        try {
            publish("restart-bot", 0, new DriftResolved("restart-bot", "intent_category", 0.02,
                    Instant.parse("2026-11-28T09:00:00Z")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get()
                    .uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.deliveries[0].state").isEqualTo("pending")
                    .jsonPath("$.deliveries[0].attempts").isEqualTo(0));
            assertThat(received).isEmpty();
        } finally {
            sender.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get()
                .uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[0].state").isEqualTo("delivered"));
        assertThat(received).extracting(r -> JSON.readTree(r.body()).get("type").asText()).containsOnly("DriftResolved");
    }
}
