package dev.feedbackloop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.ops.BackgroundThreads;
import dev.feedbackloop.support.store.BackgroundTransactions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Agents export traces with the official OpenTelemetry Java SDK, over OTLP/HTTP with protobuf and with JSON, to the
 * running platform; the operational metrics are read back through the analytics API. The same spans exported again
 * are counted once, and a child span exported after its trace amends the trace's tokens and cost. The projections
 * doing that work run on background threads, below the priority of those serving the exports and reads.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=agent=feedback:write=otel-agent-secret-00001;"
                + "ml=analytics:read=otel-reader-secret-00001")
abstract class OpenTelemetryEndToEndContract {

    static final String AGENT_KEY = "otel-agent-secret-00001";
    static final String READER_KEY = "otel-reader-secret-00001";
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final int TRACES = 20;

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    String endpoint() {
        return "http://127.0.0.1:" + port + "/v1/traces";
    }

    /** The SDK's own OTLP/JSON encoding and HTTP sender: its public exporter builder offers only protobuf. */
    SpanExporter jsonExporter() {
        HttpExporter json = new HttpExporterBuilder(StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER,
                endpoint()).exportAsJson().addConstantHeaders("Authorization", "Bearer " + AGENT_KEY).build();
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return json.export(TraceRequestMarshaler.create(spans), spans.size());
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return json.shutdown();
            }
        };
    }

    SpanExporter protobufExporter() {
        return OtlpHttpSpanExporter.builder().setEndpoint(endpoint()).addHeader("Authorization", "Bearer " + AGENT_KEY)
                .setCompression("gzip").build();
    }

    /** Passes spans on and remembers them, so the test can export the very same spans again. */
    static final class Remembering implements SpanExporter {
        final SpanExporter delegate;
        final List<SpanData> exported = new CopyOnWriteArrayList<>();
        final List<Boolean> results = new CopyOnWriteArrayList<>();

        Remembering(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            CompletableResultCode result = delegate.export(spans);
            result.whenComplete(() -> results.add(result.isSuccess()));
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    BackgroundTransactions background;

    /** Whether this store lets work nobody waits on commit without waiting for the disk (PostgreSQL does). */
    abstract boolean commitsBackgroundWorkAsynchronously();

    @Test
    void everyEventProcessorRunsItsBatchesInBackgroundTransactions() {
        assertThat(background.asynchronous()).isEqualTo(commitsBackgroundWorkAsynchronously());
        assertThat(axon.eventProcessingConfiguration().eventProcessors()).hasSizeGreaterThan(10);
        axon.eventProcessingConfiguration().eventProcessors().keySet().forEach(processor ->
                assertThat(axon.eventProcessingConfiguration().transactionManager(processor)).as(processor)
                        .isSameAs(background.axon()));
    }

    @Test
    void tracesExportedOverOtlpProtobufAreReadBackAsOperationalMetrics() throws Exception {
        exportAndReadBack("protobuf", protobufExporter());
    }

    @Test
    void tracesExportedOverOtlpJsonAreReadBackAsOperationalMetrics() throws Exception {
        exportAndReadBack("json", jsonExporter());
    }

    void exportAndReadBack(String protocol, SpanExporter exporter) throws Exception {
        String agent = "otel-e2e-" + protocol + "-" + UUID.randomUUID().toString().substring(0, 8);
        Remembering remembering = new Remembering(exporter);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
                        .put("service.name", agent).put("service.version", "2.0.0").build())))
                .addSpanProcessor(BatchSpanProcessor.builder(remembering).setMaxExportBatchSize(16).build())
                .build();
        Tracer tracer = provider.get("e2e");
        Instant t0 = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        List<SpanContext> roots = new ArrayList<>();
        for (int i = 0; i < TRACES; i++) {
            Instant start = t0.plusMillis(i * 1000L);
            Span root = tracer.spanBuilder("invoke_agent support").setNoParent().setStartTimestamp(start)
                    .setAttribute(OPERATION, "invoke_agent").setAttribute("gen_ai.agent.intent", "billing")
                    .setAttribute("user.id", "user-" + (i % 5)).setAttribute("session.id", "session-" + i).startSpan();
            Span llm = tracer.spanBuilder("chat gpt-4o").setParent(Context.root().with(root))
                    .setStartTimestamp(start.plusMillis(5)).setAttribute(OPERATION, "chat")
                    .setAttribute(REQUEST_MODEL, "gpt-4o").setAttribute(INPUT_TOKENS, 100L + i)
                    .setAttribute(OUTPUT_TOKENS, 10L).startSpan();
            llm.end(start.plusMillis(50));
            if (i % 10 == 3) {
                root.addEvent("gen_ai.guardrail.triggered", Attributes.of(AttributeKey.stringKey("guardrail"), "pii"),
                        start.plusMillis(60));
            }
            if (i % 7 == 1) {
                root.setStatus(StatusCode.ERROR, "failed");
                root.recordException(new IllegalStateException(i == 1 ? "rate" : "tool"));
                root.setAttribute("error.type", i == 1 ? "RateLimitError" : "ToolError");
            }
            root.end(start.plusMillis(100 + i * 10L));
            roots.add(root.getSpanContext());
        }
        assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(remembering.exported).hasSize(2 * TRACES);
        assertThat(remembering.results).doesNotContain(false);

        // an exporter's retry: the very same spans once more
        assertThat(exporter.export(List.copyOf(remembering.exported)).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        // a child span that arrives after its trace was recorded
        Span late = tracer.spanBuilder("chat gpt-4o").setParent(Context.root().with(Span.wrap(roots.get(0))))
                .setStartTimestamp(t0.plusMillis(70)).setAttribute(OPERATION, "chat").setAttribute(REQUEST_MODEL, "gpt-4o")
                .setAttribute(INPUT_TOKENS, 500L).setAttribute(OUTPUT_TOKENS, 0L).startSpan();
        late.end(t0.plusMillis(90));
        assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        assertThat(remembering.results).doesNotContain(false);
        provider.shutdown().join(10, TimeUnit.SECONDS);

        String period = "agent_id=" + agent + "&start=" + t0.minus(1, ChronoUnit.MINUTES) + "&end="
                + t0.plus(10, ChronoUnit.MINUTES);
        // 20 interactions, 3 errors (i = 1, 8, 15), 2 guardrail triggers (i = 3, 13), 5 users; input tokens
        // 100..119 plus the late 500; cost at gpt-4o's 2.50/10.00 per million: 2.5 x 2690 + 10 x 200 = 8725 millionths,
        // plus half a millionth rounded up on each of the ten spans with an odd token count: 8730
        JsonNode summary = await().atMost(Duration.ofSeconds(90)).until(
                () -> get("/api/v1/analytics/operations/summary?" + period),
                s -> s.path("metrics").path("requests").asLong() == TRACES
                        && s.path("metrics").path("input_tokens").asLong() == 2690);
        JsonNode m = summary.path("metrics");
        assertThat(m.path("errors").asLong()).isEqualTo(3);
        assertThat(m.path("error_rate").asDouble()).isCloseTo(0.15, within(1e-9));
        assertThat(m.path("output_tokens").asLong()).isEqualTo(200);
        assertThat(m.path("cost").asDouble()).isCloseTo(0.00873, within(1e-9));
        assertThat(m.path("cost_per_task").asDouble()).isCloseTo(0.00873 / TRACES, within(1e-9));
        assertThat(m.path("guardrail_triggers").asLong()).isEqualTo(2);
        assertThat(m.path("active_users").asLong()).isEqualTo(5);
        // latencies 100, 110, .. 290 ms: the median (nearest rank) is 190 ms, within the histogram's 4.5 %
        assertThat(m.path("p50_latency_ms").asDouble()).isCloseTo(190, within(190 * 0.05));
        assertThat(m.path("p99_latency_ms").asDouble()).isCloseTo(290, within(290 * 0.05));

        JsonNode series = get("/api/v1/analytics/operations/series?" + period
                + "&resolution=minute&metric=requests&metric=error_rate");
        assertThat(series.path("resolution").asText()).isEqualTo("minute");
        JsonNode requests = series.path("series").get(0);
        assertThat(requests.path("metric").asText()).isEqualTo("requests");
        long total = 0;
        for (JsonNode point : requests.path("points")) {
            total += point.path("value").asLong();
        }
        assertThat(total).isEqualTo(TRACES);
        assertThat(requests.path("points")).hasSize(11);

        JsonNode hourly = get("/api/v1/analytics/operations/series?" + period + "&resolution=hour&metric=requests");
        long hourlyTotal = 0;
        for (JsonNode point : hourly.path("series").get(0).path("points")) {
            hourlyTotal += point.path("value").asLong();
        }
        assertThat(hourlyTotal).isEqualTo(TRACES);

        JsonNode errors = get("/api/v1/analytics/operations/errors?" + period);
        assertThat(errors.path("types").get(0).path("error_type").asText()).isEqualTo("ToolError");
        assertThat(errors.path("types").get(0).path("count").asLong()).isEqualTo(2);
        assertThat(errors.path("types").get(1).path("error_type").asText()).isEqualTo("RateLimitError");

        JsonNode byVersion = get("/api/v1/analytics/operations/summary?" + period + "&group_by=agent_version");
        assertThat(byVersion.path("groups")).hasSize(1);
        assertThat(byVersion.path("groups").get(0).path("agent_version").asText()).isEqualTo("2.0.0");

        // the interactions view is another projection than the metrics: it may still be catching up
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode interaction = get("/api/v1/traces/" + roots.get(0).getTraceId() + "/interaction");
            assertThat(interaction.path("input_tokens").asLong()).isEqualTo(600);
            assertThat(interaction.path("spans").asInt()).isEqualTo(3);
            assertThat(interaction.path("intent_category").asText()).isEqualTo("billing");
        });

        // the projections that built all this ran on background threads; the threads that took the exports, stored
        // them and answered the reads did not inherit their lower priority
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        assertThat(threads).filteredOn(t -> t.getName().startsWith("WorkPackage[analysis-operations]"))
                .isNotEmpty().allMatch(t -> t.getPriority() == BackgroundThreads.PRIORITY);
        assertThat(threads).filteredOn(t -> BackgroundThreads.NAMES.matcher(t.getName()).matches())
                .allMatch(t -> t.getPriority() == BackgroundThreads.PRIORITY);
        // the exports were answered once spooled; the spool's drain and the writers it feeds work in the background
        assertThat(threads).filteredOn(t -> t.getName().matches("^(otlp-spool-drain|interaction-background-writer)-\\d+$"))
                .extracting(Thread::getName).contains("otlp-spool-drain-0", "interaction-background-writer-0");
        assertThat(threads).filteredOn(t -> t.getName().matches("^(otlp-spool-drain|interaction-background-writer)-\\d+$"))
                .allMatch(t -> t.getPriority() == BackgroundThreads.PRIORITY);
        assertThat(threads).filteredOn(t -> REQUEST_THREADS.matcher(t.getName()).find())
                .extracting(Thread::getName).contains("interaction-writer-0");
        assertThat(threads).filteredOn(t -> REQUEST_THREADS.matcher(t.getName()).find())
                .allMatch(t -> t.getPriority() == Thread.NORM_PRIORITY, "at normal priority");
    }

    /** Threads that answer requests or store what they wait for: the server's, Reactor's and the group commits'. */
    static final Pattern REQUEST_THREADS = Pattern.compile("^(reactor-http-|boundedElastic-|interaction-writer-|feedback-writer-)");

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + READER_KEY).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
