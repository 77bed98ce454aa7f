package dev.feedbackloop.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trigger event stream: Server-Sent Events with the store position as id, resumed strictly after
 * Last-Event-ID (or ?after=) with nothing lost or repeated while events keep arriving; the same events as pages.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001",
                "platform.triggers.stream.heartbeat=300ms"})
class TriggerStreamTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    static final AtomicLong sequence = new AtomicLong();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-stream").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    dev.feedbackloop.trigger.stream.TriggerEventFeed feed;

    WebTestClient manager() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    WebClient web() {
        return WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer manager-secret-000001").build();
    }

    /** Publishes under a stream of its own, so aggregate sequences never clash between tests. */
    void publish(Object event) {
        String id = "stream-test-" + sequence.incrementAndGet();
        eventStore.publish(new GenericDomainEventMessage<>("Alert", Streams.ALERT + id, 0, event));
    }

    static AlertRaised raised(String alertId) {
        return new AlertRaised(alertId, null, "stream-bot", "low_rating", "slack-ml-team", Severity.WARNING, "t", "s",
                null, Map.of("agent_id", "stream-bot"), Instant.parse("2026-11-28T08:00:00Z"));
    }

    /** The current end of the trigger-side stream, read through the pull API. */
    long end() {
        long after = -1;
        while (true) {
            JsonNode page = page(after, 1000);
            if (page.get("next_after").isNull() || page.get("events").isEmpty()) {
                return page.get("next_after").isNull() ? after : page.get("next_after").asLong();
            }
            after = page.get("next_after").asLong();
        }
    }

    JsonNode page(long after, int limit) {
        String uri = after < 0 ? "/api/v1/triggers/events?limit=" + limit
                : "/api/v1/triggers/events?after=" + after + "&limit=" + limit;
        return JSON.valueToTree(manager().get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody());
    }

    Flux<ServerSentEvent<String>> events(String query, String lastEventId) {
        return web().get().uri("/api/v1/triggers/stream" + query).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve().bodyToFlux(SSE).filter(e -> e.event() != null && !fromTheSaga(e.event()));
    }

    /** The incident saga answers the published condition with an incident of its own; these tests follow their own events. */
    static boolean fromTheSaga(String type) {
        return type.startsWith("feedbackloop.incident.");
    }

    /** Four trigger-side events with one other event among them; answers their types in order. */
    List<String> publishFour() {
        publish(raised("al-s1"));
        publish(new DriftDetected("stream-bot", "length", 0.4, Instant.now()));
        publish(new TriggerConditionMet("stream-bot", "low_rating", "average_user_rating", Map.of("agent_id", "stream-bot"),
                2.9, null, "< 3.5", Instant.now(), Instant.now()));
        publish(new FailureClusterDiscovered("fc-1", "stream-bot", "refunds", List.of("refund"), List.of("t-1"), 21, 21,
                Instant.now(), Instant.now(), null, Instant.now()));
        publish(new AlertResolved("al-s1", "slack-ml-team", "jane", "ok", Instant.now()));
        return List.of("feedbackloop.alert.raised", "feedbackloop.trigger.condition_met",
                "feedbackloop.failure_cluster.discovered", "feedbackloop.alert.resolved");
    }

    @Test
    void theStreamResumesStrictlyAfterLastEventIdWithoutLossOrRepeatWhileEventsArrive() throws Exception {
        long start = end();
        List<String> types = publishFour();

        List<ServerSentEvent<String>> first = events(start < 0 ? "" : "?after=" + start, null).take(2)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(first).extracting(ServerSentEvent::event).containsExactly(types.get(0), types.get(1));
        long firstId = Long.parseLong(first.get(0).id());
        assertThat(firstId).isGreaterThan(start);
        JsonNode envelope = JSON.readTree(first.get(0).data());
        assertThat(envelope.get("type").asText()).isEqualTo("feedbackloop.alert.raised");
        assertThat(envelope.get("specversion").asText()).isEqualTo("1.0");
        assertThat(envelope.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(envelope.get("id").asText()).isNotBlank();
        assertThat(envelope.get("time").asText()).isNotBlank();
        assertThat(envelope.get("data").get("alert_id").asText()).isEqualTo("al-s1");

        // Resume after the second event; two more are stored, then two more arrive while the stream is open.
        CompletableFuture<List<ServerSentEvent<String>>> resumed = events("", first.get(1).id()).take(4)
                .collectList().toFuture();
        Thread.sleep(500);
        publish(raised("al-s2"));
        publish(new DriftDetected("stream-bot", "length", 0.5, Instant.now()));
        publish(raised("al-s3"));
        List<ServerSentEvent<String>> rest = resumed.get(20, TimeUnit.SECONDS);
        assertThat(rest).extracting(ServerSentEvent::event)
                .containsExactly(types.get(2), types.get(3), "feedbackloop.alert.raised", "feedbackloop.alert.raised");
        List<Long> ids = new ArrayList<>();
        ids.add(Long.parseLong(first.get(1).id()));
        rest.forEach(e -> ids.add(Long.parseLong(e.id())));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(JSON.readTree(rest.get(2).data()).get("data").get("alert_id").asText()).isEqualTo("al-s2");
        assertThat(JSON.readTree(rest.get(3).data()).get("data").get("alert_id").asText()).isEqualTo("al-s3");

        // ?after= works like Last-Event-ID.
        List<ServerSentEvent<String>> fromQuery = events("?after=" + rest.get(2).id(), null).take(1)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(fromQuery.get(0).id()).isEqualTo(rest.get(3).id());
    }

    @Test
    void anIdleStreamSendsHeartbeatComments() {
        long start = end();
        List<ServerSentEvent<String>> heartbeats = web().get()
                .uri("/api/v1/triggers/stream?after=" + (start + 1_000_000))
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(SSE)
                .filter(e -> e.comment() != null).take(2).collectList().block(Duration.ofSeconds(10));
        assertThat(heartbeats).extracting(ServerSentEvent::comment).containsOnly("heartbeat");
    }

    /**
     * A stop ends open streams (the web server's graceful shutdown waits for every open request, and a stream never
     * ends on its own); a stream asked for while stopping ends at once. The client resumes from its last id.
     */
    @Test
    void stoppingEndsOpenStreamsSoAShutdownNeedNotWaitForThem() throws Exception {
        long start = end();
        CompletableFuture<List<ServerSentEvent<String>>> stream = web().get()
                .uri("/api/v1/triggers/stream?after=" + start)
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(SSE)
                .collectList().toFuture();
        // the stream is open once a heartbeat came through another one opened after it
        web().get().uri("/api/v1/triggers/stream?after=" + start).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(SSE).filter(e -> e.comment() != null).blockFirst(Duration.ofSeconds(10));
        assertThat(stream).isNotDone();
        feed.stop();
        try {
            assertThat(stream.get(10, TimeUnit.SECONDS)).as("events before the stop").isNotNull();
            assertThat(web().get().uri("/api/v1/triggers/stream?after=" + start).accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve().bodyToFlux(SSE).collectList().block(Duration.ofSeconds(10))).isEmpty();
        } finally {
            feed.start();
        }
    }

    @Test
    void thePullApiPagesThroughEveryEventOnce() {
        long start = end();
        List<String> types = publishFour();
        // let the saga answer first, so nothing is appended while the pages are read
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                page(start, 100).get("events").findValuesAsText("type").contains("feedbackloop.incident.opened"));
        List<String> seen = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        long after = start;
        for (int i = 0; i < 10; i++) {
            JsonNode page = page(after, 1);
            if (page.get("events").isEmpty()) {
                assertThat(page.get("next_after").asLong()).isEqualTo(after);
                break;
            }
            JsonNode event = page.get("events").get(0);
            assertThat(event.get("position").asLong()).isGreaterThan(after);
            assertThat(event.get("id").asText()).isNotBlank();
            assertThat(event.get("time").asText()).isNotBlank();
            assertThat(event.get("data").isObject()).isTrue();
            if (!fromTheSaga(event.get("type").asText())) {
                seen.add(event.get("type").asText());
                positions.add(event.get("position").asLong());
            }
            after = page.get("next_after").asLong();
        }
        assertThat(seen).containsExactlyElementsOf(types);
        assertThat(positions).isSorted().doesNotHaveDuplicates();

        JsonNode all = page(start, 100);
        assertThat(all.get("events").findValuesAsText("type").stream().filter(t -> !fromTheSaga(t)))
                .containsExactlyElementsOf(types);
        assertThat(all.get("next_after").asLong()).isEqualTo(after);
    }

    @Test
    void aBadPositionOrLimitIsRefusedNamingTheField() {
        manager().get().uri("/api/v1/triggers/events?after=-3").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
        manager().get().uri("/api/v1/triggers/events?limit=5000").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        manager().get().uri("/api/v1/triggers/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .header("Last-Event-ID", "abc").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Last-Event-ID");
        manager().get().uri("/api/v1/triggers/stream?after=1.5").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build().get().uri("/api/v1/triggers/events")
                .header("Authorization", "Bearer reader-secret-00000001").exchange().expectStatus().isForbidden();
    }
}
