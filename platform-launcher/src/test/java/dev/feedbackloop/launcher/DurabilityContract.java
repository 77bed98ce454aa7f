package dev.feedbackloop.launcher;

import com.google.protobuf.ByteString;
import dev.feedbackloop.support.testing.TestDatabases;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An acknowledged write is never lost: agents post concurrently, the platform is killed with SIGKILL mid-stream
 * and started again; every feedback that got a 202 is there, exactly once, in the event store and in the read
 * model, and agents that retry what got no answer still end up with exactly one copy.
 */
abstract class DurabilityContract {

    static final int SENDERS = 8;
    /** One event time for the whole run: a retry must send exactly what was sent before. */
    static final Instant EVENT_TIME = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    abstract List<String> storeArguments();

    @Test
    void everyAcknowledgedFeedbackSurvivesAKillAndNoneIsStoredTwice() throws Exception {
        Path dataDir = TestDatabases.newDataDir("durability");
        HttpClient client = newClient();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        try (PlatformProcess platform = new PlatformProcess(dataDir, storeArguments())) {
            platform.start();
            String key = platform.apiKey();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicReference<String> firstRefusal = new AtomicReference<>();
            AtomicInteger counter = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                running.add(senders.submit(() -> {
                    while (sending.get() && counter.get() < 20_000) {
                        String id = "dur-" + counter.incrementAndGet();
                        try {
                            int status = post(client, platform.baseUrl(), key, id).statusCode();
                            if (status == 202) {
                                acknowledged.add(id);
                            } else {
                                unanswered.add(id);
                                firstRefusal.compareAndSet(null, status + " " + post(client, platform.baseUrl(), key, id).body());
                            }
                        } catch (Exception killedMidRequest) {
                            unanswered.add(id);
                            firstRefusal.compareAndSet(null, String.valueOf(killedMidRequest));
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60))
                    .failFast("the platform refused feedback",
                            () -> assertThat(acknowledged.isEmpty() ? firstRefusal.get() : null).isNull())
                    .until(() -> acknowledged.size() >= 300);
            platform.kill();
            sending.set(false);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            senders.shutdownNow();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

            System.out.printf("durability: %d acknowledged before the kill, %d unanswered (retried after restart)%n",
                    acknowledged.size(), unanswered.size());
            platform.start();
            // A fresh client: the old one's pooled connections died with the killed process.
            HttpClient afterRestart = newClient();
            for (String id : unanswered) {
                assertThat(post(afterRestart, platform.baseUrl(), key, id).statusCode()).as("retry of " + id).isEqualTo(202);
            }
            // Each pass uses a fresh client and treats a timed-out request as "not yet": right after a restart the
            // JDK client was seen to wait on a kept-alive connection that curl never reproduced (see README).
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> {
                        HttpClient pass = newClient();
                        List<String> missing = new ArrayList<>();
                        for (String id : acknowledged) {
                            HttpResponse<String> r = get(pass, platform.baseUrl(), key, "/api/v1/traces/trace-" + id + "/feedback");
                            if (r.statusCode() != 200 || count(r.body(), "\"feedback_id\":\"" + id + "\"") != 1) {
                                missing.add(id);
                            }
                        }
                        assertThat(missing).as("acknowledged feedback missing or duplicated after the kill").isEmpty();
                    });
            for (String id : unanswered) {
                HttpResponse<String> r = get(newClient(), platform.baseUrl(), key, "/api/v1/traces/trace-" + id + "/feedback");
                assertThat(count(r.body(), "\"feedback_id\":\"" + id + "\"")).as(id).isEqualTo(1);
            }
        }
    }

    /**
     * The same for OTLP exports, answered once spooled and stored as interactions in the background: killed while
     * exports are answered and while the spool is being drained, the platform stores every trace of every answered
     * export once after its restart (the killed instance's claims are taken again when their lease runs out).
     */
    @Test
    void everyAcknowledgedTraceExportSurvivesAKillAndIsStoredOnce() throws Exception {
        Path dataDir = TestDatabases.newDataDir("durability-otlp");
        List<String> arguments = new ArrayList<>(storeArguments());
        arguments.add("--platform.otlp.spool.lease=2s");
        HttpClient client = newClient();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (PlatformProcess platform = new PlatformProcess(dataDir, arguments)) {
            platform.start();
            String key = platform.apiKey();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger exports = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                running.add(senders.submit(() -> {
                    while (sending.get() && exports.get() < 2_000) {
                        List<String> traces = new ArrayList<>();
                        for (int t = 0; t < TRACES_PER_EXPORT; t++) {
                            traces.add(UUID.randomUUID().toString().replace("-", ""));
                        }
                        exports.incrementAndGet();
                        try {
                            if (export(client, platform.baseUrl(), key, traces).statusCode() == 200) {
                                acknowledged.addAll(traces);
                            }
                        } catch (Exception killedMidRequest) {
                            // not answered: the exporter would retry; nothing is asserted about it
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 100 * TRACES_PER_EXPORT);
            platform.kill();
            sending.set(false);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            senders.shutdownNow();
            System.out.printf("durability: %d traces in answered exports before the kill%n", acknowledged.size());

            platform.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        HttpClient pass = newClient();
                        List<String> missing = new ArrayList<>();
                        for (String trace : acknowledged) {
                            HttpResponse<String> r = get(pass, platform.baseUrl(), key, "/api/v1/traces/" + trace + "/interaction");
                            if (r.statusCode() != 200 || !r.body().contains("\"spans\":1")) {
                                missing.add(trace);
                            }
                        }
                        assertThat(missing).as("traces of answered exports missing after the kill").isEmpty();
                    });
        }
    }

    static final int TRACES_PER_EXPORT = 8;

    static HttpResponse<String> export(HttpClient client, String base, String key, List<String> traceIds) throws Exception {
        long start = EVENT_TIME.toEpochMilli() * 1_000_000L;
        ScopeSpans.Builder spans = ScopeSpans.newBuilder();
        for (String trace : traceIds) {
            spans.addSpans(Span.newBuilder().setTraceId(ByteString.fromHex(trace))
                    .setSpanId(ByteString.fromHex("00000000000000a1")).setName("invoke_agent")
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 900_000_000L));
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("durability-agent"))))
                .addScopeSpans(spans)).build();
        return client.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    static HttpResponse<String> post(HttpClient client, String base, String key, String id) throws Exception {
        String body = """
                {"feedback_id": "%s", "trace_id": "trace-%s", "timestamp": "%s",
                 "explicit_feedback": {"rating": 2, "comment": "durability"},
                 "implicit_signals": {"task_completed": false, "retry_count": 1},
                 "metadata": {"agent_id": "durability-bot", "agent_version": "1.0.0"}}"""
                .formatted(id, id, EVENT_TIME);
        return client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/feedback"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, String base, String key, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
