package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real clients keep connections alive, and send the next request on a connection whose last one was answered
 * early: a 401, 404, 413 or 415 whose body the server never read. Thousands of such requests mixed with valid ones
 * go over a few persistent connections, and every one is answered within seconds. Reactor Netty 1.3.6 stopped
 * reading such a connection now and then (reactor/reactor-netty#4361): the next request sat unread until the
 * client gave up.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=agent=admin=keep-alive-writer-secret-01",
                "platform.ingest.max-feedback-bytes=4096"})
class KeepAliveTest {

    static final String KEY = "keep-alive-writer-secret-01";
    static final int CONNECTIONS = 4;
    static final int REQUESTS_PER_CONNECTION = 750;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    static final Instant EVENT_TIME = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("keep-alive").toString());
    }

    @Value("${local.server.port}")
    int port;

    /** What a client sends, and what the server answers to it. */
    enum Kind {
        UNAUTHORISED_POST(401), UNAUTHORISED_GET(401), UNKNOWN_PATH_GET(404), UNKNOWN_PATH_POST(404),
        TOO_LARGE_POST(413), TEXT_PLAIN_POST(415), VALID_POST(202), VALID_GET(200, 404);

        final Set<Integer> answers;

        Kind(Integer... answers) {
            this.answers = Set.of(answers);
        }
    }

    final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> hung = new ConcurrentHashMap<>();
    final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger opened = new AtomicInteger();
    final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnsweredAfterEarlyAnswers() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            running.add(clients.submit(() -> {
                drive(connection);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();

        int total = sent.values().stream().mapToInt(AtomicInteger::get).sum();
        int hangs = hung.values().stream().mapToInt(AtomicInteger::get).sum();
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        System.out.printf("keep-alive: %d requests over %d connections (%d opened in all), %d unanswered within %d s;"
                        + " latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", total, CONNECTIONS, opened.get(), hangs,
                ANSWER_WITHIN.toSeconds(), sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.99)) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
        new TreeMap<>(sent).forEach((pair, count) -> System.out.printf("  %-40s %5d sent, %d unanswered%n", pair,
                count.get(), hung.getOrDefault(pair, new AtomicInteger()).get()));

        assertThat(total).isEqualTo(CONNECTIONS * REQUESTS_PER_CONNECTION);
        assertThat(new TreeMap<>(hung)).as("requests left unanswered, by the request before them on the connection")
                .allSatisfy((pair, count) -> assertThat(count.get()).isZero());
        assertThat(wrong).as("answers other than expected").isEmpty();
        assertThat(opened.get()).as("connections opened: each of them stays alive").isEqualTo(CONNECTIONS);
    }

    void drive(int connection) throws IOException {
        Random random = new Random(4361L + connection);
        RawHttp http = open();
        Kind previous = null;
        for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            String pair = (previous == null ? "first" : previous) + " then " + kind;
            sent.computeIfAbsent(pair, p -> new AtomicInteger()).incrementAndGet();
            String id = "ka-" + connection + "-" + i;
            long start = System.nanoTime();
            try {
                RawHttp.Response response = send(http, kind, id, connection, i);
                latenciesMicros.add((System.nanoTime() - start) / 1000);
                if (!kind.answers.contains(response.status())) {
                    wrong.add(pair + ": " + response.status() + " " + response.text());
                }
                if (response.closesConnection()) {
                    http.close();
                    http = open();
                }
            } catch (SocketTimeoutException unanswered) {
                hung.computeIfAbsent(pair, p -> new AtomicInteger()).incrementAndGet();
                http.close();
                http = open();
            } catch (IOException dropped) {
                wrong.add(pair + ": " + dropped);
                http.close();
                http = open();
            }
            previous = kind;
        }
        http.close();
    }

    RawHttp open() throws IOException {
        opened.incrementAndGet();
        return new RawHttp(port, ANSWER_WITHIN);
    }

    RawHttp.Response send(RawHttp http, Kind kind, String id, int connection, int i) throws IOException {
        Map<String, String> key = Map.of("Authorization", "Bearer " + KEY);
        Map<String, String> json = Map.of("Authorization", "Bearer " + KEY, "Content-Type", "application/json");
        byte[] feedback = feedback(id).getBytes(StandardCharsets.UTF_8);
        return switch (kind) {
            case UNAUTHORISED_POST -> http.exchange("POST", "/api/v1/feedback", Map.of("Content-Type", "application/json"), feedback);
            case UNAUTHORISED_GET -> http.exchange("GET", "/api/v1/feedback/" + id, Map.of(), null);
            case UNKNOWN_PATH_GET -> http.exchange("GET", "/api/v1/nowhere/" + id, key, null);
            case UNKNOWN_PATH_POST -> http.exchange("POST", "/api/v1/nowhere", json, feedback);
            case TOO_LARGE_POST -> http.exchange("POST", "/api/v1/feedback", json, padded(id, 5_000));
            case TEXT_PLAIN_POST -> http.exchange("POST", "/api/v1/feedback",
                    Map.of("Authorization", "Bearer " + KEY, "Content-Type", "text/plain"), feedback);
            case VALID_POST -> http.exchange("POST", "/api/v1/feedback", json, feedback);
            case VALID_GET -> http.exchange("GET", "/api/v1/feedback/ka-" + connection + "-" + Math.max(0, i - 5), key, null);
        };
    }

    static String feedback(String id) {
        return """
                {"feedback_id": "%s", "trace_id": "trace-%s", "timestamp": "%s",
                 "explicit_feedback": {"rating": 4, "comment": "kept alive"},
                 "implicit_signals": {"task_completed": true},
                 "metadata": {"agent_id": "keep-alive-bot", "agent_version": "1.0.0"}}""".formatted(id, id, EVENT_TIME);
    }

    static byte[] padded(String id, int size) {
        String start = "{\"feedback_id\": \"" + id + "\", \"explicit_feedback\": {\"comment\": \"";
        return (start + "x".repeat(size - start.length() - 3) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
