package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one client can hold of the server is bounded: connections that send nothing, headers or bodies that trickle
 * in, more connections than allowed, over-long lines and headers. The server closes what overstays and keeps
 * answering everyone else. Timeouts are shortened here; docs/operations.md gives the defaults.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=agent=admin=http-limits-secret-000001",
                "platform.http.idle-timeout=15s", "platform.http.header-timeout=2s", "platform.http.read-timeout=1s",
                "platform.http.request-timeout=4s", "platform.http.max-connections=760"})
class HttpLimitsTest {

    static final String KEY = "http-limits-secret-000001";
    static final Instant EVENT_TIME = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("http-limits").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void idleAndTricklingConnectionsAreClosedWhileEveryoneElseIsServed() throws Exception {
        // the first requests to a fresh server set up much of the web stack: not measured
        ordinaryRequest(-2);
        ordinaryRequest(-1);
        long start = System.nanoTime();
        List<RawHttp> idle = open(500);
        List<RawHttp> slowBodies = open(200);
        List<RawHttp> slowHeaders = open(50);
        byte[] slowBody = RawHttp.request("POST", "/api/v1/feedback",
                Map.of("Authorization", "Bearer " + KEY, "Content-Type", "application/json", "Content-Length", "2000"), null);
        for (RawHttp c : slowBodies) {
            c.send(slowBody);
            c.send("{\"feedback_id\"".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] slowHead = RawHttp.request("POST", "/api/v1/feedback", Map.of("Authorization", "Bearer " + KEY), null);
        Map<RawHttp, Integer> headSent = new ConcurrentHashMap<>();
        for (RawHttp c : slowHeaders) {
            c.send(new byte[]{slowHead[0]});
            headSent.put(c, 1);
        }
        double openedIn = seconds(start);

        // a byte every half second to each: never idle for the idle or read timeout, too slow for the others
        Map<RawHttp, Double> trickleEnded = new ConcurrentHashMap<>();
        CountDownLatch trickling = new CountDownLatch(1);
        Thread trickle = new Thread(() -> {
            while (trickling.getCount() > 0 && trickleEnded.size() < slowBodies.size() + slowHeaders.size()) {
                for (RawHttp c : slowBodies) {
                    sendOrNote(c, new byte[]{' '}, start, trickleEnded);
                }
                for (RawHttp c : slowHeaders) {
                    int at = headSent.get(c);
                    if (at < slowHead.length - 1) {
                        headSent.put(c, at + 1);
                        sendOrNote(c, new byte[]{slowHead[at]}, start, trickleEnded);
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trickle");
        trickle.start();

        // watch for each group's last connection to be closed by the server
        ExecutorService watchers = Executors.newFixedThreadPool(3);
        Future<Double> idleClosed = watchers.submit(() -> closedBy(idle, start, Duration.ofSeconds(30)));
        Future<Double> slowHeadersClosed = watchers.submit(() -> closedBy(slowHeaders, start, Duration.ofSeconds(15)));
        Future<Double> slowBodiesClosed = watchers.submit(() -> closedBy(slowBodies, start, Duration.ofSeconds(15)));

        // meanwhile, ordinary clients: every request answered within seconds
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long sent = System.nanoTime();
            ordinaryRequest(i);
            millis.add((System.nanoTime() - sent) / 1_000_000);
        }
        double servedBy = seconds(start);

        double idleClosedBy = idleClosed.get();
        double slowHeadersClosedBy = slowHeadersClosed.get();
        double slowBodiesClosedBy = slowBodiesClosed.get();
        watchers.shutdown();
        trickling.countDown();
        trickle.join();
        Collections.sort(millis);
        System.out.printf("http limits: 500 idle, 200 slow-body and 50 slow-header connections opened in %.1f s;"
                        + " 20 ordinary requests answered by %.1f s (slowest %d ms, median %d ms);"
                        + " the last idle one closed at %.1f s (idle timeout 15 s), slow headers at %.1f s"
                        + " (header timeout 2 s), slow bodies at %.1f s (request timeout 4 s)%n", openedIn, servedBy,
                millis.get(millis.size() - 1), millis.get(millis.size() / 2), idleClosedBy, slowHeadersClosedBy,
                slowBodiesClosedBy);

        assertThat(servedBy).as("the ordinary requests were answered while the idle connections were open")
                .isLessThan(idleClosedBy);
        assertThat(idleClosedBy).isBetween(14.5, 30.0);
        assertThat(slowHeadersClosedBy).isBetween(1.5, 15.0);
        assertThat(slowBodiesClosedBy).isBetween(3.5, 15.0);
        close(idle, slowBodies, slowHeaders);
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnceAndServiceResumesWhenTheyGo() throws Exception {
        Thread.sleep(1_000); // connections of the other tests, closed by their clients, are gone on the server too
        List<RawHttp> held = open(800);
        Thread.sleep(300);
        int refused = 0;
        for (RawHttp c : held) {
            if (c.closedWithin(Duration.ofMillis(1))) {
                refused++;
            }
        }
        System.out.printf("http limits: of 800 connections opened at once, %d were closed at once (max 760)%n", refused);
        assertThat(refused).isBetween(40, 60);
        close(held);
        try (RawHttp client = new RawHttp(port, Duration.ofSeconds(5))) {
            assertThat(client.exchange("GET", "/actuator/health/readiness", Map.of(), null).status()).isEqualTo(200);
        }
    }

    @Test
    void aSearchFilterOfTenThousandCharactersFitsTheRequestLine() throws Exception {
        String clause = "rating <= 5 AND ";
        String filter = clause.repeat(624) + "rating >= 1";
        assertThat(filter.length()).isBetween(9_900, 10_000);
        // the worst a client can do with a filter of plain ASCII: every character percent-encoded
        StringBuilder encoded = new StringBuilder();
        for (byte b : filter.getBytes(StandardCharsets.US_ASCII)) {
            encoded.append(String.format("%%%02X", b));
        }
        String target = "/api/v1/analytics/feedback?filter=" + encoded;
        try (RawHttp client = new RawHttp(port, Duration.ofSeconds(20))) {
            RawHttp.Response r = client.exchange("GET", target, Map.of("Authorization", "Bearer " + KEY), null);
            assertThat(r.status()).as(r.text()).isNotEqualTo(414).isLessThan(500);
            RawHttp.Response tooLong = client.exchange("GET", "/api/v1/analytics/feedback?filter=" + "x".repeat(40_000),
                    Map.of("Authorization", "Bearer " + KEY), null);
            assertThat(tooLong.status()).isEqualTo(414);
        }
        try (RawHttp client = new RawHttp(port, Duration.ofSeconds(5))) {
            assertThat(client.exchange("GET", "/actuator/health/readiness", Map.of("X-Big", "y".repeat(20_000)), null)
                    .status()).isEqualTo(431);
        }
    }

    @Test
    void aRequestLineTooLongBehindAnotherRequestIsAnswered414AfterIt() throws Exception {
        // Sent together, so the second is decoded while the first is still being answered: Reactor Netty used to give
        // the 414 to the first request's exchange, which had already answered, and the client waited for ever.
        byte[] first = RawHttp.request("GET", "/api/v1/analytics/agents", Map.of("Authorization", "Bearer " + KEY), null);
        byte[] tooLong = RawHttp.request("GET", "/api/v1/analytics/feedback?filter=" + "x".repeat(40_000),
                Map.of("Authorization", "Bearer " + KEY), null);
        for (int i = 0; i < 5; i++) {
            try (RawHttp client = new RawHttp(port, Duration.ofSeconds(10))) {
                byte[] both = new byte[first.length + tooLong.length];
                System.arraycopy(first, 0, both, 0, first.length);
                System.arraycopy(tooLong, 0, both, first.length, tooLong.length);
                client.send(both);
                assertThat(client.read("GET").status()).as("try " + i + ": the first request").isEqualTo(200);
                RawHttp.Response refused = client.read("GET");
                assertThat(refused.status()).as("try " + i + ": the second").isEqualTo(414);
                assertThat(refused.closesConnection()).isTrue();
            }
        }
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedWithoutA100AndWithoutAReset() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        Map<String, String> headers = Map.of("Authorization", "Bearer " + KEY, "Content-Type", "application/json",
                "Expect", "100-continue", "Content-Length", String.valueOf(tenMegabytes.length));
        for (int i = 0; i < 22; i++) {
            try (RawHttp client = new RawHttp(port, Duration.ofSeconds(5))) {
                client.send(RawHttp.request("POST", "/api/v1/feedback", headers, null));
                RawHttp.Response r = client.read("POST");
                assertThat(r.status()).as("try " + i + ": the final answer, no 100 Continue first").isEqualTo(413);
                assertThat(r.header("content-type")).isEqualTo("application/problem+json");
                assertThat(r.closesConnection()).as("the body was never read: the connection ends").isTrue();
            }
        }
        // without Expect the client sends the body anyway: it is read and dropped, and the connection lives on
        try (RawHttp client = new RawHttp(port, Duration.ofSeconds(30))) {
            for (int i = 0; i < 5; i++) {
                RawHttp.Response r = client.exchange("POST", "/api/v1/feedback",
                        Map.of("Authorization", "Bearer " + KEY, "Content-Type", "application/json"), tenMegabytes);
                assertThat(r.status()).isEqualTo(413);
                assertThat(r.closesConnection()).isFalse();
            }
        }
    }

    /** A health probe or a feedback, on a new connection, answered within seconds. */
    void ordinaryRequest(int i) throws IOException {
        try (RawHttp client = new RawHttp(port, Duration.ofSeconds(5))) {
            RawHttp.Response r = i % 2 == 0
                    ? client.exchange("GET", "/actuator/health/readiness", Map.of(), null)
                    : client.exchange("POST", "/api/v1/feedback", Map.of("Authorization", "Bearer " + KEY,
                    "Content-Type", "application/json"), feedback("limits-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as("request " + i).isEqualTo(i % 2 == 0 ? 200 : 202);
        }
    }

    static void sendOrNote(RawHttp c, byte[] bytes, long start, Map<RawHttp, Double> ended) {
        if (ended.containsKey(c)) {
            return;
        }
        try {
            c.send(bytes);
        } catch (IOException closed) {
            ended.put(c, seconds(start));
        }
    }

    /** When the last of {@code connections} was seen closed, in seconds since {@code start}. */
    static double closedBy(List<RawHttp> connections, long start, Duration wait) throws IOException {
        long deadline = start + wait.toNanos();
        double last = 0;
        for (RawHttp c : connections) {
            boolean closed = c.closedWithin(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            assertThat(closed).as("connection closed within " + wait.toSeconds() + " s").isTrue();
            last = Math.max(last, seconds(start));
        }
        return last;
    }

    List<RawHttp> open(int count) throws IOException {
        List<RawHttp> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(new RawHttp(port, Duration.ofSeconds(5)));
        }
        return connections;
    }

    @SafeVarargs
    static void close(List<RawHttp>... groups) throws IOException {
        for (List<RawHttp> group : groups) {
            for (RawHttp c : group) {
                c.close();
            }
        }
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static String feedback(String id) {
        return """
                {"feedback_id": "%s", "trace_id": "trace-%s", "timestamp": "%s",
                 "explicit_feedback": {"rating": 4}, "implicit_signals": {"task_completed": true},
                 "metadata": {"agent_id": "limits-bot", "agent_version": "1.0.0"}}""".formatted(id, id, EVENT_TIME);
    }
}
