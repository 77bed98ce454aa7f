package dev.feedbackloop.feedback.otlp;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import dev.feedbackloop.feedback.FeedbackServiceApplication;
import dev.feedbackloop.feedback.interaction.InteractionIngestion;
import dev.feedbackloop.feedback.privacy.LateDataErasure;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.support.aggregate.CachedCommandTargetResolver;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.testing.TestDatabases;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static dev.feedbackloop.feedback.otlp.OtlpSpans.attr;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.failed;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.llm;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.newTraceId;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.request;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.root;
import static dev.feedbackloop.feedback.otlp.OtlpSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OTLP/HTTP intake over HTTP on the embedded stores, with requests built from the published OTLP classes: what is
 * stored, what is stored once, and how bad data is answered (OTLP's own status codes and bodies).
 */
@SpringBootTest(classes = FeedbackServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=writer=feedback:write=otlp-writer-secret-0001;"
                + "reader=analytics:read=otlp-reader-secret-0001;ops=admin=otlp-admin-secret-00001",
                "platform.otlp.max-request-size=64KB"})
class OtlpIntakeApiTest {

    static final String WRITER = "otlp-writer-secret-0001";
    static final String READER = "otlp-reader-secret-0001";
    static final String PROTOBUF = "application/x-protobuf";
    static final Instant T0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("otlp-intake").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    InteractionIngestion ingestion;
    @Autowired
    SpoolDrain drain;
    @Autowired
    LateDataErasure lateErasure;
    @Autowired
    DataSubjects subjects;
    @Autowired
    org.axonframework.config.Configuration axon;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<byte[]> post(String path, String key, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> export(ExportTraceServiceRequest request) throws Exception {
        return post("/v1/traces", WRITER, PROTOBUF, request.toByteArray());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + READER).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Events of a trace once every export answered so far is stored (the spool is empty). */
    long events(String traceId) {
        awaitSpoolDrained();
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, "interaction:" + traceId);
    }

    void awaitSpoolDrained() {
        await().atMost(Duration.ofSeconds(20)).until(() -> new JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM otlp_export_spool", Long.class) == 0);
    }

    static ExportTraceServiceResponse answer(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROTOBUF));
        return ExportTraceServiceResponse.parseFrom(response.body());
    }

    static com.google.rpc.Status status(HttpResponse<byte[]> response) throws Exception {
        return com.google.rpc.Status.parseFrom(response.body());
    }

    String awaitInteraction(String traceId, String contains) {
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> r = get("/api/v1/traces/" + traceId + "/interaction");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(contains);
            body[0] = r.body();
        });
        return body[0];
    }

    @Test
    void aTraceBecomesOneRecordAndTheSameExportSentAgainStoresNothing() throws Exception {
        String trace = newTraceId();
        ExportTraceServiceRequest request = request("support-bot", "2.3.1", List.of(
                llm(trace, "00000000000000b1", "00000000000000a1", T0.plusMillis(10), 1000, 200).build(),
                span(trace, "00000000000000c1", "00000000000000a1", T0.plusMillis(5), 1)
                        .addEvents(Span.Event.newBuilder().setName("gen_ai.guardrail.triggered")).build(),
                root(trace, "00000000000000a1", T0, 1500).build()));
        HttpResponse<byte[]> first = export(request);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(answer(first).hasPartialSuccess()).isFalse();
        assertThat(events(trace)).isEqualTo(1);
        // the command found its aggregate through the platform's resolver, and the event got a time-ordered id
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachedCommandTargetResolver.class);
        UUID eventId = UUID.fromString(new JdbcTemplate(dataSource).queryForObject(
                "SELECT eventIdentifier FROM DomainEventEntry WHERE aggregateIdentifier = ?", String.class,
                "interaction:" + trace));
        assertThat(eventId.version()).isEqualTo(7);

        HttpResponse<byte[]> again = export(request);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(answer(again).hasPartialSuccess()).isFalse();
        assertThat(events(trace)).as("a retried export stores nothing new").isEqualTo(1);

        String view = awaitInteraction(trace, "\"status\":\"recorded\"");
        // gpt-4o-2024-08-06 is priced as gpt-4o: 1000 x 2.50/M + 200 x 10/M = 0.0045
        assertThat(view).contains("\"agent_id\":\"support-bot\"", "\"agent_version\":\"2.3.1\"",
                "\"intent_category\":\"billing\"", "\"user_id\":\"u-1\"", "\"latency_ms\":1500", "\"input_tokens\":1000",
                "\"output_tokens\":200", "\"cost\":0.0045", "\"guardrail_triggers\":1", "\"model\":\"gpt-4o-2024-08-06\"",
                "\"spans\":3");
    }

    @Test
    void anExportMixingStoredAndNewTracesIsStoredInGroupsNotTraceByTrace() throws Exception {
        List<String> stored = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        List<Span> roots = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add(newTraceId());
            fresh.add(newTraceId());
            roots.add(root(stored.get(i), "00000000000000a1", T0, 900).build());
        }
        assertThat(export(request("group-bot", "1.0", roots)).statusCode()).isEqualTo(200);
        awaitSpoolDrained();
        long oneByOne = ingestion.backgroundQueue().groupsStoredOneByOne();
        long together = ingestion.backgroundQueue().groupsStoredTogether();

        List<Span> mixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mixed.add(span(stored.get(i), "00000000000000c1", "00000000000000a1", T0.plusMillis(5), 1).build());
            mixed.add(root(fresh.get(i), "00000000000000a1", T0, 900).build());
        }
        HttpResponse<byte[]> answer = export(request("group-bot", "1.0", mixed));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer(answer).hasPartialSuccess()).isFalse();
        stored.forEach(trace -> assertThat(events(trace)).as("recorded, then amended").isEqualTo(2));
        fresh.forEach(trace -> assertThat(events(trace)).as("recorded").isEqualTo(1));
        // the group's query told the stored traces from the new ones: no group had to fall back to one transaction
        // per trace (a stored trace taken as new would have failed its whole group)
        assertThat(ingestion.backgroundQueue().groupsStoredOneByOne()).isEqualTo(oneByOne);
        assertThat(ingestion.backgroundQueue().groupsStoredTogether()).isGreaterThan(together);
    }

    @Test
    void anExportLeftClaimedByAnInstanceThatDiedIsStoredOnceItsLeaseRunsOut() throws Exception {
        String trace = newTraceId();
        Instant received = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] body = request("orphan-bot", "4.0", List.of(root(trace, "00000000000000a1", T0, 700).build())).toByteArray();
        // as an instance leaves it when killed after answering: spooled, claimed, its lease still running
        new JdbcTemplate(dataSource).update("INSERT INTO otlp_export_spool (id, received_at, spans, body, claimed_by,"
                        + " lease_until, attempts) VALUES (?, ?, 1, ?, 'an-instance-that-died', ?, 1)",
                UUID.randomUUID().toString(), java.sql.Timestamp.from(received), body,
                java.sql.Timestamp.from(Instant.now().plusSeconds(2)));
        Thread.sleep(1000);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry"
                + " WHERE aggregateIdentifier = ?", Long.class, "interaction:" + trace)).as("not taken while leased").isZero();

        assertThat(awaitInteraction(trace, "\"agent_id\":\"orphan-bot\"")).contains("\"latency_ms\":700");
        assertThat(events(trace)).isEqualTo(1);
    }

    @Test
    void anExportThatCannotBeStoredIsRetriedThenLeftForAnOperator() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String id = UUID.randomUUID().toString();
        // one claim left before the limit (10), and a body no drain can read
        jdbc.update("INSERT INTO otlp_export_spool (id, received_at, spans, body, claimed_by, lease_until, attempts)"
                + " VALUES (?, ?, 1, ?, NULL, ?, 9)", id, java.sql.Timestamp.from(Instant.now()), new byte[]{0x0a, 0x7f},
                java.sql.Timestamp.from(Instant.EPOCH));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> drain.stuck() == 1);
            assertThat(jdbc.queryForObject("SELECT attempts FROM otlp_export_spool WHERE id = ?", Integer.class, id))
                    .as("kept, not claimed again").isEqualTo(10);
        } finally {
            jdbc.update("DELETE FROM otlp_export_spool WHERE id = ?", id);
        }
    }

    @Test
    void aUserErasedWhileTheirExportWaitedInTheSpoolIsLeftOutOfItsTraces() throws Exception {
        String waited = newTraceId();
        String cameBack = newTraceId();
        String user = "erased-while-waiting-" + waited.substring(0, 8);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        byte[] body = request("privacy-bot", "1.0", List.of(root(waited, "00000000000000a1", T0, 400)
                .setAttributes(1, attr("user.id", user)).build())).toByteArray();
        // answered and spooled, then held by an instance that died: it is stored only after the erasure below
        jdbc.update("INSERT INTO otlp_export_spool (id, received_at, spans, body, claimed_by, lease_until, attempts)"
                        + " VALUES (?, ?, 1, ?, 'an-instance-that-died', ?, 1)", UUID.randomUUID().toString(),
                java.sql.Timestamp.from(Instant.now().minusSeconds(1)), body,
                java.sql.Timestamp.from(Instant.now().plusSeconds(3)));
        HttpResponse<String> erasure = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/users/" + user + "/data"))
                .header("Authorization", "Bearer otlp-admin-secret-00001").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(erasure.statusCode()).isEqualTo(202);
        // the user comes back after the erasure: what they send from now on is theirs again
        assertThat(export(request("privacy-bot", "1.0", List.of(root(cameBack, "00000000000000a1", T0, 500)
                .setAttributes(1, attr("user.id", user)).build()))).statusCode()).isEqualTo(200);

        assertThat(awaitInteraction(cameBack, "\"latency_ms\":500")).contains("\"user_id\":\"" + user + "\"");
        String stored = awaitInteraction(waited, "\"latency_ms\":400");
        assertThat(stored).contains("\"agent_id\":\"privacy-bot\"").doesNotContain(user).doesNotContain("\"s-1\"");
        awaitSpoolDrained();
        assertThat(get("/api/v1/traces/" + cameBack + "/interaction").body()).contains(user);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                Long.class, Streams.dataSubject(subjects.of(user)))).as("nothing to erase again").isEqualTo(1);

        // had the erasure come while the traces were being stored, it is carried out again before the row goes
        assertThat(lateErasure.eraseAgain(Instant.now().minusSeconds(60), List.of(user, "someone-else")).get())
                .isEqualTo(1);
        assertThat(lateErasure.eraseAgain(Instant.now().plusSeconds(1), List.of(user)).get()).isZero();
        assertThat(jdbc.queryForList("SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                String.class, Streams.dataSubject(subjects.of(user)))).hasSize(2)
                .allSatisfy(type -> assertThat(type).endsWith("PersonalDataErased"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get("/api/v1/traces/" + cameBack + "/interaction").body()).doesNotContain(user));
    }

    @Test
    void aClaimedExportIsNotClaimedAgainUntilItsLeaseRunsOut() {
        ExportSpool spool = new ExportSpool(dataSource);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // past the running drain's limit of claims (10), so that only this test claims it
        new JdbcTemplate(dataSource).update("INSERT INTO otlp_export_spool (id, received_at, spans, body, claimed_by,"
                + " lease_until, attempts) VALUES (?, ?, 1, ?, NULL, ?, 50)", id, java.sql.Timestamp.from(now),
                new byte[]{1}, java.sql.Timestamp.from(Instant.EPOCH));
        try {
            assertThat(spool.claim("first", now, Duration.ofSeconds(30), 10, 100)).extracting(ExportSpool.Spooled::id)
                    .containsExactly(id);
            assertThat(spool.claim("second", now.plusSeconds(29), Duration.ofSeconds(30), 10, 100)).isEmpty();
            assertThat(spool.claim("third", now.plusSeconds(31), Duration.ofSeconds(30), 10, 100))
                    .singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(52));
            spool.release(id, now.plusSeconds(40));
            assertThat(spool.claim("fourth", now.plusSeconds(39), Duration.ofSeconds(30), 10, 100)).isEmpty();
            assertThat(spool.claim("fifth", now.plusSeconds(40), Duration.ofSeconds(30), 10, 53)).hasSize(1);
            assertThat(spool.claim("sixth", now.plusSeconds(100), Duration.ofSeconds(30), 10, 53))
                    .as("claimed as often as allowed").isEmpty();
        } finally {
            spool.remove(id);
        }
    }

    @Test
    void aChildSpanArrivingAfterItsRootAmendsTheRecordOnce() throws Exception {
        String trace = newTraceId();
        assertThat(export(request("support-bot", "2.3.1", List.of(
                failed(root(trace, "00000000000000a2", T0, 800), "RateLimitError").build()))).statusCode()).isEqualTo(200);
        ExportTraceServiceRequest late = request("support-bot", "2.3.1", List.of(
                llm(trace, "00000000000000b2", "00000000000000a2", T0.plusMillis(10), 300, 30).build()));
        assertThat(export(late).statusCode()).isEqualTo(200);
        assertThat(export(late).statusCode()).isEqualTo(200);
        assertThat(events(trace)).isEqualTo(2);
        assertThat(awaitInteraction(trace, "\"input_tokens\":300")).contains("\"error\":true",
                "\"error_type\":\"RateLimitError\"", "\"spans\":2");
    }

    @Test
    void spansBeforeTheirRootAreHeldUntilItArrives() throws Exception {
        String trace = newTraceId();
        export(request("bot", "1", List.of(llm(trace, "00000000000000b3", "00000000000000a3", T0, 10, 1).build())));
        awaitInteraction(trace, "\"status\":\"pending\"");
        export(request("bot", "1", List.of(root(trace, "00000000000000a3", T0, 900).build())));
        assertThat(awaitInteraction(trace, "\"status\":\"recorded\"")).contains("\"input_tokens\":10", "\"spans\":2");
    }

    @Test
    void badSpansAreRejectedAloneWithTheReasonAndTheGoodOnesStored() throws Exception {
        String good = newTraceId();
        String other = newTraceId();
        ExportTraceServiceRequest request = request("bot", "1", List.of(
                root(good, "00000000000000a4", T0, 100).build(),
                span(other, "00000000000000a5", null, T0, 100).clearTraceId().build(),
                span(other, "00000000000000a6", null, T0, 100).setEndTimeUnixNano(OtlpSpans.nanos(T0) - 1).build(),
                span(other, "00000000000000a7", null, T0, 100).addAttributes(attr("gen_ai.usage.input_tokens", 1L << 32)).build(),
                span(other, "00000000000000a8", null, T0, 100).addAttributes(attr("gen_ai.usage.cost", Double.NaN)).build(),
                span(other, "00000000000000a9", null, T0, 100).addAttributes(attr("gen_ai.usage.output_tokens", -1L)).build()));
        HttpResponse<byte[]> response = export(request);
        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = answer(response);
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(5);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("5 spans were rejected", "no valid trace id",
                "negative duration", "gen_ai.usage.input_tokens outside 0 to 2^31-1", "gen_ai.usage.cost",
                "gen_ai.usage.output_tokens");
        assertThat(events(good)).isEqualTo(1);
        assertThat(events(other)).as("nothing of the rejected spans is stored").isZero();
    }

    @Test
    void anUndecodableBodyIs400WithAStatusAndStoresNothing() throws Exception {
        long before = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        HttpResponse<byte[]> protobuf = post("/v1/traces", WRITER, PROTOBUF, new byte[]{0x0a, 0x7f, 0x01});
        assertThat(protobuf.statusCode()).isEqualTo(400);
        com.google.rpc.Status status = status(protobuf);
        assertThat(status.getMessage()).contains("not a protobuf ExportTraceServiceRequest");
        assertThat(status.getDetails(0).unpack(BadRequest.class).getFieldViolationsCount()).isEqualTo(1);

        HttpResponse<byte[]> json = post("/v1/traces", WRITER, "application/json", "{\"resourceSpans\": [".getBytes());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        com.google.rpc.Status.Builder parsed = com.google.rpc.Status.newBuilder();
        JsonFormat.parser().usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(BadRequest.getDescriptor()).build())
                .merge(new String(json.body(), StandardCharsets.UTF_8), parsed);
        assertThat(parsed.getMessage()).contains("not JSON");

        HttpResponse<byte[]> notGzip = post("/v1/traces", WRITER, PROTOBUF, new byte[]{1, 2, 3}, "Content-Encoding", "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class))
                .isEqualTo(before);
    }

    @Test
    void otherContentTypesAndEncodingsAre415AndOversizedRequests413() throws Exception {
        assertThat(post("/v1/traces", WRITER, "text/plain", "hello".getBytes()).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", WRITER, null, new byte[0]).statusCode()).isEqualTo(415);
        assertThat(post("/v1/traces", WRITER, PROTOBUF, new byte[10], "Content-Encoding", "br").statusCode()).isEqualTo(415);
        HttpResponse<byte[]> tooLarge = post("/v1/traces", WRITER, PROTOBUF, new byte[70 * 1024]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(status(tooLarge).getMessage()).contains("larger than 65536 bytes");
        // a small gzip body that inflates past the limit
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(new byte[1024 * 1024]);
        }
        assertThat(post("/v1/traces", WRITER, PROTOBUF, zipped.toByteArray(), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(413);
    }

    @Test
    void gzipAndOtlpJsonWithHexIdsAreRead() throws Exception {
        String trace = newTraceId();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(request("bot", "1", List.of(root(trace, "00000000000000aa", T0, 100).build())).toByteArray());
        }
        assertThat(post("/v1/traces", WRITER, PROTOBUF, zipped.toByteArray(), "Content-Encoding", "gzip").statusCode())
                .isEqualTo(200);
        assertThat(events(trace)).isEqualTo(1);

        String jsonTrace = newTraceId().toUpperCase();
        String json = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "json-bot"}}]},
                  "scopeSpans": [{"scope": {"name": "x"}, "spans": [{"traceId": "%s", "spanId": "00000000000000AB",
                    "name": "agent.run", "kind": 2, "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                    "status": {"code": 2}, "attributes": [{"key": "error.type", "value": {"stringValue": "Timeout"}}],
                    "someFutureField": true}]}]}]}
                """.formatted(jsonTrace, OtlpSpans.nanos(T0), OtlpSpans.nanos(T0.plusMillis(250)));
        HttpResponse<byte[]> response = post("/v1/traces", WRITER, "application/json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(awaitInteraction(jsonTrace.toLowerCase(), "\"agent_id\":\"json-bot\"")).contains("\"latency_ms\":250",
                "\"error_type\":\"Timeout\"");
    }

    @Test
    void exportingTracesNeedsTheFeedbackWriteScope() throws Exception {
        byte[] body = request("bot", "1", List.of()).toByteArray();
        assertThat(post("/v1/traces", null, PROTOBUF, body).statusCode()).isEqualTo(401);
        assertThat(post("/v1/traces", READER, PROTOBUF, body).statusCode()).isEqualTo(403);
        assertThat(post("/v1/traces", WRITER, PROTOBUF, body).statusCode()).as("an empty export is a success").isEqualTo(200);
    }

    @Test
    void anInteractionPostedAsJsonIsRecordedOnceAndBadFieldsAreNamed() throws Exception {
        String trace = "api-" + newTraceId();
        String body = """
                {"trace_id": "%s", "agent_id": "plain-bot", "agent_version": "1.0", "intent_category": "refunds",
                 "user_id": "u-9", "latency_ms": 2100, "error": true, "error_type": "ToolError", "model": "gpt-4o-mini",
                 "input_tokens": 2000, "output_tokens": 100, "guardrail_triggers": 1}
                """.formatted(trace);
        HttpResponse<byte[]> first = post("/api/v1/interactions", WRITER, "application/json", body.getBytes());
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(new String(first.body())).contains("\"status\":\"recorded\"");
        HttpResponse<byte[]> again = post("/api/v1/interactions", WRITER, "application/json", body.getBytes());
        assertThat(new String(again.body())).contains("\"status\":\"already_recorded\"");
        assertThat(events(trace)).isEqualTo(1);
        // 2000 x 0.15/M + 100 x 0.60/M = 0.00036
        assertThat(awaitInteraction(trace, "\"cost\":3.6E-4")).contains("\"error_type\":\"ToolError\"", "\"latency_ms\":2100");

        HttpResponse<byte[]> bad = post("/api/v1/interactions", WRITER, "application/json", """
                {"trace_id": "t x", "latency_ms": -1, "input_tokens": 3000000000, "cost": 1e400, "surprise": 1}
                """.getBytes());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body())).contains("\"field\":\"trace_id\"", "\"field\":\"agent_id\"",
                "\"field\":\"latency_ms\"", "\"field\":\"input_tokens\"", "\"field\":\"cost\"", "\"field\":\"surprise\"");
    }

    @Test
    void anInteractionsAgentIdFollowsTheIdRule() throws Exception {
        HttpResponse<byte[]> bad = post("/api/v1/interactions", WRITER, "application/json", """
                {"trace_id": "%s", "agent_id": "plain bot", "latency_ms": 10}
                """.formatted("api-" + newTraceId()).getBytes());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body())).contains("\"field\":\"agent_id\"", "\"rule\":\"format\"",
                "must be 1-128 characters without whitespace");
    }
}
