package dev.feedbackloop.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.trigger.channel.AlertChannels;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Raised and resolved alerts reach a Slack-type and a PagerDuty-type channel in the formats those receivers accept,
 * in order (trigger before resolve, same dedup_key), although the receiver answers each first request with a 503.
 * A channel without a URL records its alerts as not delivered and sends nothing.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001",
                "platform.webhooks.base-delay=50ms",
                "platform.webhooks.max-delay=200ms",
                "platform.webhooks.poll-interval=50ms",
                "platform.alerts.channels.pd-test.type=pagerduty",
                "platform.alerts.channels.pd-test.routing-key=R0UT1NGKEY0000000000000000000000",
                "platform.alerts.channels.quiet.type=slack",
                "platform.alerts.channels.pd-refusing.type=pagerduty",
                "platform.alerts.channels.pd-refusing.routing-key=BADKEY",
                "platform.secrets.key=" + AlertChannelDeliveryTest.KEY,
                "platform.alerts.channels.pd-sealed.type=pagerduty"})
class AlertChannelDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "c2VhbGVkLWNoYW5uZWwtdGVzdC1rZXktMzItYnl0ZXM=";
    static final SecretBox BOX = SecretBox.fromBase64(KEY, "test key");
    static final int RECEIVER_PORT = freePort();
    static HttpServer receiver;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    record Received(String path, int status, JsonNode body) {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-channels").toString());
        registry.add("platform.alerts.channels.slack-test.type", () -> "slack");
        registry.add("platform.alerts.channels.slack-test.url",
                () -> "http://127.0.0.1:" + RECEIVER_PORT + "/services/T0/B0/SECRETPATH");
        registry.add("platform.alerts.channels.pd-test.url", () -> "http://127.0.0.1:" + RECEIVER_PORT + "/v2/enqueue");
        registry.add("platform.alerts.channels.pd-sealed.url", () -> "http://127.0.0.1:" + RECEIVER_PORT + "/sealed/v2/enqueue");
        registry.add("platform.alerts.channels.pd-sealed.routing-key",
                () -> BOX.seal("SEALEDR0UT1NGKEY000000000000000", AlertChannels.secretContext("pd-sealed")));
        registry.add("platform.alerts.channels.pd-refusing.url", () -> "http://127.0.0.1:" + RECEIVER_PORT + "/refuse/v2/enqueue");
    }

    /** Every request's first attempt is answered 503, later ones 202 (PagerDuty) or 200 (Slack). */
    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), RECEIVER_PORT), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String key = path + "|" + exchange.getRequestHeaders().getFirst("X-Feedbackloop-Event-Id");
            int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            int status = path.startsWith("/refuse") ? 400 : call == 1 ? 503 : path.startsWith("/v2") ? 202 : 200;
            received.add(new Received(path, status, JSON.readTree(body)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;

    WebTestClient client(String key) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    void publish(String alertId, long sequence, Object event) {
        eventStore.publish(new GenericDomainEventMessage<>("Alert", alertId, sequence, event));
    }

    static AlertRaised raised(String alertId, String channel) {
        return new AlertRaised(alertId, "in-1", "support-bot", "performance_degradation", channel, Severity.CRITICAL,
                "Task success rate below 80%", "task_success_rate 0.72 < 0.80 for 24h",
                "https://wiki.example.com/runbooks/perf", Map.of("agent_id", "support-bot"), Instant.now());
    }

    List<Received> accepted(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix) && r.status() < 300).toList();
    }

    @Test
    void raisedThenResolvedAlertsArriveAtSlackAndPagerDutyDespiteA503First() {
        publish("al-slack", 0, raised("al-slack", "slack-test"));
        publish("al-slack", 1, new AlertResolved("al-slack", "slack-test", "jane", "recovered", Instant.now()));
        publish("al-pd", 0, raised("al-pd", "pd-test"));
        publish("al-pd", 1, new AlertResolved("al-pd", "pd-test", "jane", "recovered", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(accepted("/services")).hasSize(2);
            assertThat(accepted("/v2")).hasSize(2);
        });

        List<Received> slack = accepted("/services");
        assertThat(slack.get(0).body().get("text").asText()).startsWith(":rotating_light: [CRITICAL] Task success rate below 80%");
        assertThat(slack.get(0).body().get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(slack.get(0).body().get("blocks").toString()).contains("<https://wiki.example.com/runbooks/perf|Runbook>");
        assertThat(slack.get(1).body().get("text").asText())
                .isEqualTo(":white_check_mark: [RESOLVED] Task success rate below 80% (rule performance_degradation, agent support-bot)");

        List<Received> pd = accepted("/v2");
        assertThat(pd.get(0).body().get("event_action").asText()).isEqualTo("trigger");
        assertThat(pd.get(0).body().get("dedup_key").asText()).isEqualTo("al-pd");
        assertThat(pd.get(0).body().get("routing_key").asText()).isEqualTo("R0UT1NGKEY0000000000000000000000");
        assertThat(pd.get(0).body().get("payload").get("severity").asText()).isEqualTo("critical");
        assertThat(pd.get(1).body().get("event_action").asText()).isEqualTo("resolve");
        assertThat(pd.get(1).body().get("dedup_key").asText()).isEqualTo("al-pd");
        assertThat(pd.get(1).body().size()).isEqualTo(3);
        // each was refused once first
        assertThat(received.stream().filter(r -> r.status() == 503)).hasSize(4);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> manager().get()
                .uri("/api/v1/channels/pd-test/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.channel").isEqualTo("pd-test")
                .jsonPath("$.deliveries.length()").isEqualTo(2)
                .jsonPath("$.deliveries[0].state").isEqualTo("delivered")
                .jsonPath("$.deliveries[1].state").isEqualTo("delivered")
                .jsonPath("$.deliveries[0].attempts").isEqualTo(2)
                .jsonPath("$.deliveries[0].last_status").isEqualTo(202)
                .jsonPath("$.deliveries[0].alert_id").isEqualTo("al-pd"));
    }

    @Test
    void aChannelValueGivenSealedIsOpenedAndTheSealEndpointMakesSuchValues() {
        publish("al-sealed", 0, raised("al-sealed", "pd-sealed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                .anyMatch(r -> r.path().startsWith("/sealed") && r.status() < 300));
        Received sent = received.stream().filter(r -> r.path().startsWith("/sealed") && r.status() < 300).findFirst().orElseThrow();
        assertThat(sent.body().get("routing_key").asText()).isEqualTo("SEALEDR0UT1NGKEY000000000000000");

        String sealed = (String) manager().post().uri("/api/v1/channels/pager-ops/seal")
                .bodyValue(Map.of("value", "R0UT1NG-KEY-T0-SEAL")).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("sealed");
        assertThat(sealed).startsWith("v1:").doesNotContain("R0UT1NG-KEY-T0-SEAL");
        assertThat(BOX.open(sealed, AlertChannels.secretContext("pager-ops"))).isEqualTo("R0UT1NG-KEY-T0-SEAL");
        manager().post().uri("/api/v1/channels/pager-ops/seal").bodyValue(Map.of("value", " ")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("value");
        client("reader-secret-00000001").post().uri("/api/v1/channels/pager-ops/seal")
                .bodyValue(Map.of("value", "x")).exchange().expectStatus().isForbidden();
    }

    @Test
    void aPagerDutyRefusalIsNotRetried() throws Exception {
        publish("al-refused", 0, raised("al-refused", "pd-refusing"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get()
                .uri("/api/v1/channels/pd-refusing/deliveries").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries[0].state").isEqualTo("failed")
                .jsonPath("$.deliveries[0].attempts").isEqualTo(1)
                .jsonPath("$.deliveries[0].last_status").isEqualTo(400));
        Thread.sleep(500); // base delay 50 ms: a retry would have come by now
        assertThat(received.stream().filter(r -> r.path().startsWith("/refuse"))).hasSize(1);
    }

    @Test
    void aChannelWithoutUrlRecordsItsAlertsAndSendsNothing() {
        int before = received.size();
        publish("al-quiet", 0, raised("al-quiet", "quiet"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> manager().get()
                .uri("/api/v1/channels/quiet/deliveries?limit=10").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.deliveries.length()").isEqualTo(1)
                .jsonPath("$.deliveries[0].alert_id").isEqualTo("al-quiet")
                .jsonPath("$.deliveries[0].event_type").isEqualTo("feedbackloop.alert.raised")
                .jsonPath("$.deliveries[0].state").isEqualTo("not_delivered")
                .jsonPath("$.deliveries[0].attempts").isEqualTo(0)
                .jsonPath("$.deliveries[0].last_error").isEqualTo("not delivered: channel has no url"));
        assertThat(received.stream().skip(before).filter(r -> r.body().toString().contains("al-quiet"))).isEmpty();
    }

    @Test
    void theChannelListShowsTypeAndWhetherAUrlIsSetButNeverTheUrlOrKey() {
        manager().get().uri("/api/v1/channels").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.channels[?(@.name == 'slack-test')].type").isEqualTo(List.of("slack"))
                .jsonPath("$.channels[?(@.name == 'slack-test')].url_set").isEqualTo(List.of(true))
                .jsonPath("$.channels[?(@.name == 'slack-test')].host").isEqualTo(List.of("127.0.0.1"))
                .jsonPath("$.channels[?(@.name == 'pd-test')].type").isEqualTo(List.of("pagerduty"))
                .jsonPath("$.channels[?(@.name == 'quiet')].url_set").isEqualTo(List.of(false))
                .jsonPath("$.channels[?(@.name == 'slack-ml-team')].url_set").isEqualTo(List.of(false));
        manager().get().uri("/api/v1/channels").exchange().expectBody(String.class)
                .value(not(containsString("SECRETPATH")))
                .value(not(containsString("R0UT1NGKEY")));
        manager().get().uri("/api/v1/channels/nope/deliveries").exchange().expectStatus().isNotFound();
        manager().get().uri("/api/v1/channels/quiet/deliveries?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        client("reader-secret-00000001").get().uri("/api/v1/channels").exchange().expectStatus().isForbidden();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build().get().uri("/api/v1/channels")
                .exchange().expectStatus().isUnauthorized();
    }
}
