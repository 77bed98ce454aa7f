package dev.feedbackloop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind against every write endpoint (POST, PUT, PATCH, DELETE), the routes read from the router's
 * own table so that a new endpoint cannot be left out: malformed JSON, wrong types, huge strings, deep nesting, huge
 * numbers, unicode edge cases, injection strings, path tricks, wrong content types and oversize bodies. No answer is
 * a server error (a 503 "overloaded" is the one documented exception), every 4xx is a problem document, and a refused
 * request stores nothing. Requests go over one kept-alive connection, as a client would send them.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=admin=abuse-corpus-secret-00001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseCorpusTest {

    static final String KEY = "abuse-corpus-secret-00001";
    static final Set<RequestMethod> WRITES = EnumSet.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE);
    /** Every field name a write endpoint reads (the controllers' known-field sets), to aim bad values at. */
    static final List<String> FIELDS = List.of("agent_id", "agent_version", "assessment_name", "author", "by", "comment",
            "correction", "dataset", "decision", "deployed_at", "description", "event_types", "expected",
            "explicit_feedback", "external_id", "feedback_id", "from", "implicit_signals", "incident_id",
            "input_features", "intent_category", "metadata", "metrics", "notes", "outputs", "overrides", "position",
            "previous_version", "priority", "rating", "rationale", "reason", "released_at", "resolution", "secret",
            "session_id", "source", "source_id", "source_type", "test_case", "text", "thresholds", "thumbs", "ticket",
            "timestamp", "title", "to", "tools_used", "trace_id", "url", "user_id", "value", "version", "week");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("abuse-corpus").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping router;
    @Autowired
    DataSource dataSource;

    record Route(String method, String pattern) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }

        String path(String variable) {
            return pattern.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(variable));
        }
    }

    /** One bad request: its body and headers, and whether to stream it in chunks; {@code target} maps the route. */
    record Bad(String name, String contentType, byte[] body, boolean chunked, Function<Route, String> target) {
    }

    final List<Route> routes = new ArrayList<>();
    RawHttp http;
    final List<String> failures = new ArrayList<>();
    final Map<String, Integer> statuses = new TreeMap<>();

    @BeforeAll
    void readTheRouteTable() {
        router.getHandlerMethods().forEach((RequestMappingInfo info, org.springframework.web.method.HandlerMethod h) -> {
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                if (WRITES.contains(method)) {
                    for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                        routes.add(new Route(method.name(), pattern.getPatternString()));
                    }
                }
            }
        });
        routes.sort(java.util.Comparator.comparing(Route::toString));
        assertThat(routes).as("write routes found in the router").hasSizeGreaterThan(30);
    }

    @Test
    void noBadInputIsAServerErrorEveryRefusalIsAProblemAndStoresNothing() throws Exception {
        List<Bad> corpus = corpus();
        http = new RawHttp(port, Duration.ofSeconds(30));
        int sent = 0;
        for (Route route : routes) {
            for (Bad bad : corpus) {
                String target = bad.target().apply(route);
                if (target == null) {
                    continue;
                }
                sent++;
                send(route, bad, target);
            }
        }
        http.close();
        System.out.printf("abuse corpus: %d routes x %d bad inputs = %d requests; answers %s%n", routes.size(),
                corpus.size(), sent, statuses);
        assertThat(failures).as("answers that broke the rules").isEmpty();
    }

    void send(Route route, Bad bad, String target) throws Exception {
        String what = route + " with " + bad.name();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + KEY);
        if (bad.contentType() != null) {
            headers.put("Content-Type", bad.contentType());
        }
        long before = storedEvents();
        RawHttp.Response response;
        try {
            response = bad.chunked()
                    ? http.exchangeChunked(route.method(), target, headers, bad.body(), 64 * 1024)
                    : http.exchange(route.method(), target, headers, bad.body());
        } catch (IOException e) {
            failures.add(what + ": no answer (" + e + ")");
            http.close();
            http = new RawHttp(port, Duration.ofSeconds(30));
            return;
        }
        statuses.merge(String.valueOf(response.status()), 1, Integer::sum);
        if (response.closesConnection()) {
            http.close();
            http = new RawHttp(port, Duration.ofSeconds(30));
        }
        int status = response.status();
        if (status >= 500 && !(status == 503 && response.text().contains("\"OVERLOADED\""))) {
            failures.add(what + ": " + status + " " + abbreviate(response.text()));
        } else if (status >= 400) {
            String problem = target.startsWith("/v1/traces") ? otlpStatusBroken(response)
                    : target.startsWith("/api/3.0/mlflow") ? mlflowErrorBroken(response) : problemRuleBroken(response);
            if (problem != null) {
                failures.add(what + ": " + status + " " + problem);
            }
            long after = storedEvents();
            if (after != before) {
                failures.add(what + ": refused with " + status + " but " + (after - before) + " event(s) were stored");
            }
        } else {
            settle();
        }
    }

    /**
     * Why a 4xx answer of the OTLP door is not OTLP's own error (a {@code google.rpc.Status}, in the encoding the
     * client reads: JSON with a numeric {@code code} and a {@code message}, or protobuf), or null. The OpenTelemetry
     * protocol defines this format, so clients and collectors expect it rather than problem+json; 401 and 403 come
     * from the key filter, before the door, as problem documents.
     */
    static String otlpStatusBroken(RawHttp.Response response) {
        String type = String.valueOf(response.header("content-type"));
        if (type.startsWith("application/problem+json")) {
            return problemRuleBroken(response);
        }
        if (type.startsWith("application/x-protobuf")) {
            return response.body().length > 0 ? null : "an empty protobuf status";
        }
        if (!type.startsWith("application/json")) {
            return "Content-Type " + type + ": " + abbreviate(response.text());
        }
        try {
            JsonNode status = JSON.readTree(response.body());
            return status.path("code").isInt() && status.path("message").isTextual() ? null
                    : "an incomplete OTLP status: " + abbreviate(response.text());
        } catch (IOException e) {
            return "an OTLP status that is not JSON: " + abbreviate(response.text());
        }
    }

    /**
     * Why a 4xx answer of the MLflow door is not MLflow's own error body ({@code {"error_code": "...", "message":
     * "..."}}, as MLflow's REST API and its Python client read it), or null: that door speaks MLflow's protocol.
     */
    static String mlflowErrorBroken(RawHttp.Response response) {
        String type = String.valueOf(response.header("content-type"));
        if (!type.startsWith("application/json")) {
            return "Content-Type " + type + ": " + abbreviate(response.text());
        }
        try {
            JsonNode error = JSON.readTree(response.body());
            return error.path("error_code").isTextual() && error.path("message").isTextual() ? null
                    : "an incomplete MLflow error: " + abbreviate(response.text());
        } catch (IOException e) {
            return "an MLflow error that is not JSON: " + abbreviate(response.text());
        }
    }

    /** Why a 4xx answer is not a proper problem document, or null. */
    static String problemRuleBroken(RawHttp.Response response) {
        if (!"application/problem+json".equals(response.header("content-type"))) {
            return "Content-Type " + response.header("content-type") + ": " + abbreviate(response.text());
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem.path("status").asInt() != response.status() || !problem.path("type").isTextual()
                    || !problem.path("code").isTextual() || !problem.path("detail").isTextual()) {
                return "an incomplete problem: " + abbreviate(response.text());
            }
        } catch (IOException e) {
            return "a problem that is not JSON: " + abbreviate(response.text());
        }
        return null;
    }

    long storedEvents() {
        return new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    /** After an accepted request, waits until what it set off (sagas, projections) has stored its events. */
    void settle() throws InterruptedException {
        long last = storedEvents();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(150);
            long now = storedEvents();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---- the corpus -------------------------------------------------------------------------------------------------

    static List<Bad> corpus() {
        List<Bad> corpus = new ArrayList<>();
        // malformed JSON
        for (String text : List.of("{", "{\"a\":}", "[1,2", "nul", "{\"a\":1}}", "{'a':1}", "{\"a\":1} trailing", "",
                "   ", "{\"a\":1,\"a\":2}", "/* comment */ {}", "{\"a\" 1}", "{,}", "\"unterminated")) {
            corpus.add(json("malformed " + quote(text), text));
        }
        corpus.add(new Bad("a byte-order mark", "application/json",
                concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{}".getBytes(StandardCharsets.UTF_8)), false, AbuseCorpusTest::canonical));
        // wrong types: the whole body, then every known field
        for (String text : List.of("[]", "\"text\"", "42", "true", "null", "[{}]")) {
            corpus.add(json("a body of " + text, text));
        }
        for (String value : List.of("[]", "{}", "12345", "-1", "true", "\"text\"", "null", "[[\"x\"]]", "{\"a\":{\"b\":[]}}")) {
            corpus.add(json("every field " + value, everyField(value)));
        }
        // huge strings and collections
        corpus.add(json("a 1 MB string in every field", everyField(quote("x".repeat(1_000_000 / FIELDS.size())))));
        corpus.add(json("a 60 KB string", "{\"title\": " + quote("y".repeat(60_000)) + "}"));
        corpus.add(json("100,000 array items", "[" + "1,".repeat(100_000) + "1]"));
        corpus.add(json("100,000 keys", "{" + String.join(",", java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> "\"k" + i + "\":1").toList()) + "}"));
        // deep nesting
        corpus.add(json("arrays nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000)));
        corpus.add(json("objects nested 1,000 deep", "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000)));
        corpus.add(json("every field nested 40 deep", everyField("[".repeat(40) + "]".repeat(40))));
        // huge numbers
        for (String number : List.of("1e999999", "-1e999999", "1e-999999", "123456789012345678901234567890",
                "9".repeat(200), "1.7976931348623157e309", "-0", "0.0000000000000000000000001", "NaN", "Infinity", "0x10")) {
            corpus.add(json("every field " + abbreviate(number, 20), everyField(number)));
        }
        // unicode edge cases, escaped and raw
        for (String text : List.of("\\u0000", "a\\u0000b", "\\ud800", "\\udc00x", "x\\ud800\\ud800", "\\u202e\\u202dRTL",
                "\\u200b\\u200c\\u200d\\ufeff", "\\u0001\\u001f", "\\uffff\\ufffe", "\\ud83d\\ude00")) {
            corpus.add(json("every field \"" + text + "\"", everyField("\"" + text + "\"")));
            corpus.add(json("a key \"" + text + "\"", "{\"" + text + "\": 1}"));
        }
        for (byte[] raw : List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xFF}, new byte[]{0x00},
                new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            corpus.add(new Bad("raw bytes " + java.util.HexFormat.of().formatHex(raw) + " in a string", "application/json",
                    concat("{\"title\": \"".getBytes(StandardCharsets.UTF_8), raw, "\"}".getBytes(StandardCharsets.UTF_8)),
                    false, AbuseCorpusTest::canonical));
        }
        // injection strings
        corpus.add(json("a $where key", "{\"$where\": \"1 == 1\"}"));
        corpus.add(json("operator objects in every field", everyField("{\"$gt\": \"\"}")));
        corpus.add(json("$ne in every field", everyField("{\"$ne\": null}")));
        corpus.add(json("dotted and $ keys", "{\"a.b\": 1, \"$set\": {\"admin\": true}, \"metadata\": {\"$x\": 1, \"a.b\": 2}}"));
        corpus.add(json("__proto__", "{\"__proto__\": {\"admin\": true}, \"constructor\": {\"prototype\": {}}}"));
        for (String text : List.of("'; DROP TABLE DomainEventEntry; --", "../../etc/passwd", "<script>alert(1)</script>",
                "${jndi:ldap://127.0.0.1/x}", "%00", "{{7*7}}", "\\r\\nX-Injected: 1", "1' OR '1'='1")) {
            corpus.add(json("every field " + quote(text), everyField(quote(text))));
        }
        // path tricks in the route's variables
        for (String trick : List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", "%ED%A0%80", "%E2%80%AE", "%20",
                "$where", "%7B%22$gt%22:%22%22%7D", "x".repeat(10_000), "%25", "a;b=c", "%C0%AF")) {
            corpus.add(new Bad("path variable " + abbreviate(trick, 20), "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8), false,
                    route -> route.pattern().contains("{") ? route.path(trick) : null));
        }
        // wrong content types
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "text/html", "application/octet-stream", "application/x-protobuf",
                "application/jsonx", "application/", ";;;", "application/json; charset=\"", "json")) {
            corpus.add(new Bad("Content-Type " + type, type, "{}".getBytes(StandardCharsets.UTF_8), false,
                    AbuseCorpusTest::canonical));
        }
        corpus.add(new Bad("no Content-Type", null, "{}".getBytes(StandardCharsets.UTF_8), false, AbuseCorpusTest::canonical));
        corpus.add(new Bad("UTF-16 JSON", "application/json; charset=utf-16",
                "{\"title\": \"x\"}".getBytes(StandardCharsets.UTF_16), false, AbuseCorpusTest::canonical));
        // oversize: past every endpoint's limit, declared and streamed
        byte[] nineMegabytes = everyField(quote("z".repeat(9 * 1024 * 1024 / FIELDS.size()))).getBytes(StandardCharsets.UTF_8);
        corpus.add(new Bad("a 9 MB body", "application/json", nineMegabytes, false, AbuseCorpusTest::canonical));
        corpus.add(new Bad("a 9 MB body in chunks", "application/json", nineMegabytes, true, AbuseCorpusTest::canonical));
        return corpus;
    }

    static String canonical(Route route) {
        return route.path("probe");
    }

    static Bad json(String name, String text) {
        return new Bad(name, "application/json", text.getBytes(StandardCharsets.UTF_8), false, AbuseCorpusTest::canonical);
    }

    static String everyField(String value) {
        StringBuilder out = new StringBuilder("{");
        for (String field : new TreeSet<>(FIELDS)) {
            out.append(out.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
        }
        return out.append('}').toString();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
