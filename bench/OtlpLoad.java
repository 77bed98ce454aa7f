import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded, closed-loop OTLP/HTTP load on {@code /v1/traces}: each worker sends export requests of {@code --spans}
 * spans (traces of a root, two model spans and a tool span, protobuf, like the SDK's batch processor sends) one after
 * the other. Loopback targets only; every run is bounded by --duration (at most 600 s) and every request has a 30 s
 * timeout. Prints one JSON line: spans/s, requests/s and latency percentiles (exact, nearest rank) of the measured
 * window (requests started after the warm-up).
 *
 * <pre>
 *   java -cp CLASSPATH bench/OtlpLoad.java --url http://127.0.0.1:18080 --key-file data/dev-api-key \
 *        --duration 60s --warmup 10s --concurrency 4 --spans 512 [--rate SPANS_PER_S] [--first-sequence N]
 * </pre>
 * With --rate the workers pace themselves to that many spans per second in all (open loop at that rate, as long as
 * the platform keeps up); without it they send as fast as answers come back.
 */
public class OtlpLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(a.getOrDefault("url", "http://127.0.0.1:18080") + "/v1/traces");
        if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("only loopback targets: " + url.getHost());
        }
        String key = Files.readString(Path.of(a.getOrDefault("key-file", "data/dev-api-key"))).trim();
        Duration duration = parse(a.getOrDefault("duration", "60s"));
        Duration warmup = parse(a.getOrDefault("warmup", "10s"));
        if (duration.toSeconds() > 600 || warmup.toSeconds() > 120) {
            throw new IllegalArgumentException("at most 600 s measured and 120 s warm-up");
        }
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "4"));
        int spans = Integer.parseInt(a.getOrDefault("spans", "512"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        int agents = Integer.parseInt(a.getOrDefault("agents", "3"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long startNanos = System.nanoTime();
        long measureFrom = startNanos + warmup.toNanos();
        long stopAt = measureFrom + duration.toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        LongAdder measuredSpans = new LongAdder();
        LongAdder rejected = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        // runs that add to one store start at different sequences, so that their traces are new ones
        AtomicLong sequence = new AtomicLong(Long.parseLong(a.getOrDefault("first-sequence", "0")));
        double perWorkerIntervalNanos = rate > 0 ? 1e9 * spans * concurrency / rate : 0;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                Random random = new Random(worker);
                long next = System.nanoTime();
                while (System.nanoTime() < stopAt) {
                    if (perWorkerIntervalNanos > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            try {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        next += (long) perWorkerIntervalNanos;
                    }
                    byte[] body = request(sequence.getAndIncrement(), spans, agents, random).toByteArray();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - sent;
                        if (sent >= measureFrom && sent < stopAt) {
                            if (response.statusCode() == 200) {
                                latencies.add(took);
                                long refused = ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedSpans();
                                rejected.add(refused);
                                measuredSpans.add(spans - refused);
                            } else {
                                errors.computeIfAbsent("http " + response.statusCode(), k -> new LongAdder()).increment();
                            }
                        }
                    } catch (Exception e) {
                        if (sent >= measureFrom) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                        }
                    }
                }
            }, "otlp-load-" + w);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        double window = duration.toNanos() / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        StringBuilder errorJson = new StringBuilder("{");
        errors.forEach((k, v) -> errorJson.append(errorJson.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.sum()));
        errorJson.append('}');
        System.out.printf(java.util.Locale.ROOT, "{\"concurrency\":%d,\"spans_per_request\":%d,\"target_rate\":%.0f,\"window_s\":%.1f,"
                        + "\"requests\":%d,\"requests_per_s\":%.1f,\"spans_per_s\":%.1f,\"rejected_spans\":%d,"
                        + "\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"errors\":%s}%n",
                concurrency, spans, rate, window, sorted.size(), sorted.size() / window, measuredSpans.sum() / window,
                rejected.sum(), pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6, errorJson);
    }

    static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.max(1, Math.ceil(p * sorted.size()));
        return sorted.get(rank - 1) / 1e6;
    }

    static Duration parse(String text) {
        return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.replace("ms", "")))
                : Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
    }

    static final String[] INTENTS = {"billing", "refunds", "shipping", "account"};
    static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4"};

    /** Traces of four spans (root, two model calls, a tool call) until the request holds {@code spans} spans. */
    static ExportTraceServiceRequest request(long sequence, int spans, int agents, Random random) {
        Instant now = Instant.now().minusSeconds(2);
        List<Span> out = new ArrayList<>(spans);
        long trace = sequence * 100_000;
        while (out.size() < spans) {
            trace++;
            ByteString traceId = id(trace, sequence, 16);
            ByteString root = id(trace, 1, 8);
            long latency = 200 + random.nextInt(3000);
            Instant start = now.minusMillis(latency);
            boolean failed = random.nextInt(100) < 2;
            Span.Builder rootSpan = span(traceId, root, null, "invoke_agent", start, latency)
                    .addAttributes(text("gen_ai.operation.name", "invoke_agent"))
                    .addAttributes(text("gen_ai.agent.intent", INTENTS[random.nextInt(INTENTS.length)]))
                    .addAttributes(text("user.id", "user-" + random.nextInt(5000)))
                    .addAttributes(text("session.id", "s-" + trace));
            if (failed) {
                rootSpan.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                        .addAttributes(text("error.type", random.nextBoolean() ? "RateLimitError" : "ToolError"));
            }
            if (random.nextInt(100) < 3) {
                rootSpan.addEvents(Span.Event.newBuilder().setName("gen_ai.guardrail.triggered")
                        .setTimeUnixNano(nanos(start.plusMillis(1))));
            }
            for (int m = 0; m < 2 && out.size() < spans - 1; m++) {
                String model = MODELS[random.nextInt(MODELS.length)];
                out.add(span(traceId, id(trace, 2 + m, 8), root, "chat " + model, start.plusMillis(10 + m * 50L), 40)
                        .addAttributes(text("gen_ai.operation.name", "chat"))
                        .addAttributes(text("gen_ai.request.model", model))
                        .addAttributes(integer("gen_ai.usage.input_tokens", 200 + random.nextInt(2000)))
                        .addAttributes(integer("gen_ai.usage.output_tokens", 20 + random.nextInt(400))).build());
            }
            if (out.size() < spans - 1) {
                out.add(span(traceId, id(trace, 9, 8), root, "execute_tool crm_lookup", start.plusMillis(120), 30)
                        .addAttributes(text("gen_ai.operation.name", "execute_tool")).build());
            }
            out.add(rootSpan.build());
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", "bench-agent-" + (sequence % agents)))
                        .addAttributes(text("service.version", "1." + (sequence % 2))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(out))).build();
    }

    static Span.Builder span(ByteString traceId, ByteString spanId, ByteString parent, String name, Instant start, long millis) {
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(nanos(start)).setEndTimeUnixNano(nanos(start.plusMillis(millis)));
        if (parent != null) {
            span.setParentSpanId(parent);
        }
        return span;
    }

    static ByteString id(long high, long low, int length) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(high + 1).putLong(low + 1);
        return ByteString.copyFrom(b.array(), 16 - length, length);
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
