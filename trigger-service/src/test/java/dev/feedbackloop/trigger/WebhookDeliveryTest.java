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
import dev.feedbackloop.trigger.meters.TriggerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import dev.feedbackloop.trigger.webhook.HostResolver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
 * signed the Standard Webhooks way (and with the deprecated header), in a CloudEvents envelope, and the delivery
 * log shows each attempt. Then the etiquette of answers: a 4xx is not retried, 410 disables the subscription,
 * Retry-After is waited for; and a host name is connected at the address that was checked, keeping its Host.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001",
                "platform.webhooks.allow-loopback=true",
                "platform.webhooks.base-delay=50ms",
                "platform.webhooks.max-delay=200ms",
                "platform.webhooks.poll-interval=50ms",
                "platform.webhooks.connect-timeout=500ms",
                "platform.webhooks.request-timeout=500ms"})
@Import(WebhookDeliveryTest.Dns.class)
class WebhookDeliveryTest {

    static final String SECRET = "whsec_ZGVsaXZlcnktdGVzdC1zZWNyZXQtMDAwMS0yNGJ5dGVz";

    /** Answers for a name this machine has no DNS for, as a name pointing at the receiver would. */
    @TestConfiguration
    static class Dns {
        @Bean
        HostResolver hostResolver() {
            return host -> host.equals("pinned.example.test") ? List.of(InetAddress.getLoopbackAddress())
                    : HostResolver.system().resolve(host);
        }
    }
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
    @Autowired
    MeterRegistry meters;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> callsPerEvent = new ConcurrentHashMap<>();

    record Received(String path, String eventId, String timestamp, String signature, String contentType, String body,
                    Map<String, String> headers, Instant at) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    static Map<String, String> headers(com.sun.net.httpserver.HttpExchange exchange) {
        Map<String, String> out = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(), v.get(0)));
        return out;
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
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String eventId = exchange.getRequestHeaders().getFirst("X-Feedbackloop-Event-Id");
            received.add(new Received(path, eventId, exchange.getRequestHeaders().getFirst("X-Feedbackloop-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Feedbackloop-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8),
                    headers(exchange), Instant.now()));
            int call = callsPerEvent.computeIfAbsent(path + "|" + eventId, k -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/status/")) {
                int status = Integer.parseInt(path.substring("/status/".length()));
                if (status == 429 && call == 1) {
                    exchange.getResponseHeaders().set("Retry-After", "2");
                } else if (status == 429) {
                    status = 200;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            if (path.equals("/ok")) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
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
        return subscribe(Map.of("url", url, "event_types", types, "secret", SECRET, "description", "ci"));
    }

    String subscribe(Map<String, Object> request) {
        String id = JSON.valueToTree(client().post().uri("/api/v1/webhooks")
                        .header("Content-Type", "application/json")
                        .bodyValue(request)
                        .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody())
                .get("id").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + id)
                .exchange().expectStatus().isOk());
        return id;
    }

    void publish(String agent, long sequence, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("AgentMonitor", Streams.agentMonitor(agent), sequence, event));
    }

    /** The deprecated header, computed here with the JDK alone: keyed with the secret's decoded bytes. */
    static String sign(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(java.util.Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, computed here with the JDK alone. */
    static String standard(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(java.util.Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        return "v1," + java.util.Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySubscribedEventArrivesSignedDespiteRefusalsErrorsAndTimeouts() throws Exception {
        int receiverPort = closedPort();
        String webhook = subscribe("http://127.0.0.1:" + receiverPort + "/hook",
                List.of("feedbackloop.trigger.condition_met", "feedbackloop.trigger.condition_cleared"));
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
        assertThat(types).containsExactlyInAnyOrder("feedbackloop.trigger.condition_met", "feedbackloop.trigger.condition_cleared");
        assertThat(received.stream().map(Received::eventId).distinct()).hasSize(2);
        for (Received r : received) {
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.signature()).isEqualTo(sign(r.timestamp(), r.body()));
            assertThat(r.header("webhook-id")).isEqualTo(r.eventId());
            assertThat(r.header("webhook-timestamp")).isEqualTo(r.timestamp());
            assertThat(r.header("webhook-signature")).isEqualTo(standard(SECRET, r.eventId(), r.timestamp(), r.body()));
            assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(120L));
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("id").asText()).isEqualTo(r.eventId());
            assertThat(body.get("specversion").asText()).isEqualTo("1.0");
            assertThat(body.get("source").asText()).isEqualTo("/feedbackloop");
            assertThat(body.get("datacontenttype").asText()).isEqualTo("application/json");
            if (body.get("type").asText().equals("feedbackloop.trigger.condition_met")) {
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
        String webhook = subscribe("http://127.0.0.1:" + receiverPort + "/hook", List.of("feedbackloop.monitor.drift_resolved"));
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
        assertThat(received).extracting(r -> JSON.readTree(r.body()).get("type").asText())
                .containsOnly("feedbackloop.monitor.drift_resolved");
    }

    JsonNode deliveries(String webhook) throws Exception {
        return JSON.readTree(client().get().uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).get("deliveries");
    }

    void drift(String agent, long sequence) {
        publish(agent, sequence, new DriftDetected(agent, "length", 0.4, Instant.parse("2026-11-28T09:00:00Z")));
    }

    @Test
    void aRefusingAnswerIsNotRetriedGoneDisablesAndRetryAfterIsWaitedFor() throws Exception {
        int receiverPort = closedPort();
        startReceiver(receiverPort);
        String base = "http://127.0.0.1:" + receiverPort + "/status/";
        String refusing = subscribe(base + "400", List.of("feedbackloop.monitor.drift_detected"));
        String gone = subscribe(base + "410", List.of("feedbackloop.monitor.drift_detected"));
        String busy = subscribe(base + "429", List.of("feedbackloop.monitor.drift_detected"));
        double failedBefore = webhookAttempts("failed");
        double retryingBefore = webhookAttempts("retrying");
        double deliveredBefore = webhookAttempts("delivered");
        drift("etiquette-bot", 0);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(delivery(refusing, "/400").get("state").asText()).isEqualTo("failed");
            assertThat(delivery(busy, "/429").get("state").asText()).isEqualTo("delivered");
            client().get().uri("/api/v1/webhooks/" + gone).exchange().expectBody()
                    .jsonPath("$.state").isEqualTo("disabled")
                    .jsonPath("$.disabled_reason").isEqualTo("the receiver answered 410 Gone");
        });
        JsonNode refused = delivery(refusing, "/400");
        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("last_status").asInt()).isEqualTo(400);
        assertThat(refused.get("last_error").asText()).contains("not retried");
        assertThat(delivery(gone, "/410").get("state").asText()).isEqualTo("failed");
        Thread.sleep(500); // base delay 50 ms: a retry of the 400 or the 410 would have come by now
        assertThat(calls("/400")).hasSize(1);
        assertThat(calls("/410")).hasSize(1);
        assertThat(webhookAttempts("failed") - failedBefore).as("the 400 and the 410, each failed for good")
                .isGreaterThanOrEqualTo(2);
        assertThat(webhookAttempts("retrying") - retryingBefore).as("the 429 before it was let in").isGreaterThanOrEqualTo(1);
        assertThat(webhookAttempts("delivered") - deliveredBefore).as("the 429 in the end").isGreaterThanOrEqualTo(1);
        List<Received> busyCalls = calls("/429");
        assertThat(busyCalls).hasSize(2);
        // the back-off alone would have come back within 200 ms; Retry-After: 2 asked for two seconds
        assertThat(Duration.between(busyCalls.get(0).at(), busyCalls.get(1).at())).isGreaterThan(Duration.ofMillis(1_900));
        assertThat(delivery(busy, "/429").get("attempts").asInt()).isEqualTo(2);
    }

    /** This test's own calls at a path: other tests' subscriptions live on in the shared context. */
    List<Received> calls(String pathEnd) {
        return received.stream().filter(r -> r.path().endsWith(pathEnd) && r.body().contains("etiquette-bot")).toList();
    }

    JsonNode delivery(String webhook, String pathEnd) throws Exception {
        String eventId = calls(pathEnd).get(0).eventId();
        for (JsonNode d : deliveries(webhook)) {
            if (d.get("event_id").asText().equals(eventId)) {
                return d;
            }
        }
        throw new AssertionError("no delivery of " + eventId);
    }

    @Test
    void aRealDeliveryVerifiesWithTheStandardWebhooksReferenceLibraryAlsoDuringARotation() throws Exception {
        StandardWebhooksVerifier.requireAvailable();
        int receiverPort = closedPort();
        startReceiver(receiverPort);
        Map<?, ?> created = client().post().uri("/api/v1/webhooks")
                .bodyValue(Map.of("url", "http://127.0.0.1:" + receiverPort + "/ok",
                        "event_types", List.of("feedbackloop.monitor.drift_detected")))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String webhook = (String) created.get("id");
        String generated = (String) created.get("secret");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client().get().uri("/api/v1/webhooks/" + webhook)
                .exchange().expectStatus().isOk());
        drift("verified-bot", 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(r -> r.path().equals("/ok")));
        Received first = received.stream().filter(r -> r.path().equals("/ok")).findFirst().orElseThrow();

        var verified = StandardWebhooksVerifier.verify(generated, first.headers(), first.body());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(JSON.readTree(verified.output()).get("type").asText()).isEqualTo("feedbackloop.monitor.drift_detected");
        var tampered = StandardWebhooksVerifier.verify(generated, first.headers(), first.body().replace("verified-bot", "forged-bot"));
        assertThat(tampered.exitCode()).as("a tampered body must not verify").isNotZero();
        var otherSecret = StandardWebhooksVerifier.verify("whsec_c2Vjb25kLXNlY3JldC1vZi0yNC1ieXRlcw==", first.headers(), first.body());
        assertThat(otherSecret.exitCode()).as("another secret must not verify").isNotZero();

        String rotated = JSON.valueToTree(client().post().uri("/api/v1/webhooks/" + webhook + "/rotate-secret").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()).get("secret").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drift("verified-bot-" + System.nanoTime(), 0);
            return received.stream().anyMatch(r -> r.path().equals("/ok") && r.header("webhook-signature").contains(" "));
        });
        Received during = received.stream().filter(r -> r.path().equals("/ok") && r.header("webhook-signature").contains(" "))
                .findFirst().orElseThrow();
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(StandardWebhooksVerifier.verify(rotated, during.headers(), during.body()).exitCode()).isZero();
        assertThat(StandardWebhooksVerifier.verify(generated, during.headers(), during.body()).exitCode()).isZero();
    }

    @Test
    void aVersionBlockedByItsPreDeploymentGatesIsDeliveredWithTheFailingGates() throws Exception {
        int receiverPort = closedPort();
        startReceiver(receiverPort);
        String webhook = subscribe("http://127.0.0.1:" + receiverPort + "/ok", List.of("feedbackloop.gate.version_blocked"));
        var failing = new dev.feedbackloop.kernel.gate.GateResult("prompt_injection",
                dev.feedbackloop.kernel.gate.GateCategory.SECURITY, "prompt_injection_suite",
                dev.feedbackloop.kernel.rules.Threshold.Comparator.GE, 0.95, 500,
                dev.feedbackloop.kernel.gate.GateStatus.FAILED, 0.93, 500, "prompt_injection_suite 0.93 does not meet >= 0.95");
        eventStore.publish(new GenericDomainEventMessage<>("VersionApproval",
                Streams.versionApproval("production", "gated-bot", "2.4.0"), 0,
                new dev.feedbackloop.kernel.gate.VersionBlocked("gated-bot", "2.4.0", "production", List.of(failing),
                        Instant.parse("2026-12-01T10:00:00Z"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get()
                .uri("/api/v1/webhooks/" + webhook + "/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[0].state").isEqualTo("delivered"));
        JsonNode body = JSON.readTree(received.stream().filter(r -> r.path().equals("/ok")).findFirst().orElseThrow().body());
        assertThat(body.get("type").asText()).isEqualTo("feedbackloop.gate.version_blocked");
        assertThat(body.at("/data/failing/0/gate").asText()).isEqualTo("prompt_injection");
        assertThat(body.at("/data/failing/0/observed").asDouble()).isEqualTo(0.93);
    }

    @Test
    void aHostNameIsConnectedAtTheAddressThatWasCheckedAndKeepsItsHostHeader() throws Exception {
        int receiverPort = closedPort();
        startReceiver(receiverPort);
        String webhook = subscribe("http://pinned.example.test:" + receiverPort + "/ok",
                List.of("feedbackloop.monitor.drift_detected"));
        drift("pinned-bot", 0);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(deliveries(webhook).get(0).get("state").asText()).as(deliveries(webhook).toString())
                        .isEqualTo("delivered"));
        Received r = received.stream().filter(x -> x.path().equals("/ok")).findFirst().orElseThrow();
        assertThat(r.header("host")).isEqualTo("pinned.example.test:" + receiverPort);
    }

    double webhookAttempts(String outcome) {
        return meters.get(TriggerMeters.DELIVERIES).tag("kind", "webhook").tag("outcome", outcome).counter().count();
    }
}
