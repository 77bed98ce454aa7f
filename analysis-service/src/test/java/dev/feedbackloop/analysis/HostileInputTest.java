package dev.feedbackloop.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.RequestReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile tester sends, to every GET and DELETE route of the analysis API, generated from the router's own
 * table so a new route or parameter is covered without editing this test: each path variable and each query
 * parameter in turn gets each value of a corpus (NUL, CR/LF, tabs, over-long, absurd timestamps, negative and huge
 * numbers, unknown values, operator-looking text, broken UTF-8). No answer is a 5xx, every refusal is a problem
 * document, every 400 names the parameter it refuses, and text no id or name may hold is always refused.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=analytics:read,triggers:manage=hostile-secret-00000001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    static final String KEY = "hostile-secret-00000001";

    /** Values no parameter of this API accepts: control characters, broken UTF-8, text longer than any id or name. */
    static final Map<String, String> ALWAYS_REFUSED = rawCorpus(Map.of(
            "NUL", enc("a\u0000b"),
            "CR/LF", enc("a\r\nb"),
            "tab", enc("a\tb"),
            "bell", enc("\u0007"),
            "300 characters", enc("x".repeat(300)),
            "2000 characters", enc("y".repeat(2000))));

    /** Values some parameters accept; none may cause a 5xx. */
    static final Map<String, String> ODD = rawCorpus(new LinkedHashMap<>(Map.ofEntries(
            Map.entry("far future", enc("+999999999-12-31T23:59:59Z")),
            Map.entry("far past", enc("-999999999-01-01T00:00:00Z")),
            Map.entry("far future date", enc("+999999999-12-31")),
            Map.entry("year 10000", enc("+10000-01-01T00:00:00Z")),
            Map.entry("no such date", enc("2026-02-30")),
            Map.entry("negative", "-1"),
            Map.entry("zero", "0"),
            Map.entry("past int", "2147483648"),
            Map.entry("below int", "-2147483649"),
            Map.entry("huge", "99999999999999999999999999"),
            Map.entry("exponent", "1e999999999999"),
            Map.entry("NaN", "NaN"),
            Map.entry("empty", ""),
            Map.entry("blank", enc(" ")),
            Map.entry("unknown", "no-such-thing"),
            Map.entry("operator", enc("$where")),
            Map.entry("json operator", enc("{\"$ne\":null}")),
            Map.entry("dots", enc("metadata..x")),
            Map.entry("percent", enc("%")),
            Map.entry("traversal", enc("../../etc/passwd")),
            Map.entry("slash", enc("a/b")),
            Map.entry("emoji", enc("\uD83D\uDE00")),
            // decoded as U+FFFD, which is text like any other
            Map.entry("lone surrogate as UTF-8", "a%ED%A0%80b"),
            Map.entry("invalid UTF-8", "a%FF%FEb"),
            Map.entry("quote", enc("'")))));

    /** Free-text parameters and their longest text: a long line of letters is a value they accept. */
    static final Map<String, Integer> FREE_TEXT = Map.of("text", 2_000);

    /** Whether the raw (URL-encoded) value is letters only, at most {@code max} of them. */
    static boolean isText(String raw, int max) {
        return raw.length() <= max && raw.chars().allMatch(Character::isLetter);
    }

    /** Path variables need some value while another part is under test. */
    static final Map<String, String> FILLERS = Map.of("agentId", "probe-agent", "feature", "intent_category",
            "modelId", "probe-model", "version", "1.0", "clusterId", "fc-probe");
    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-hostile").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping router;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final List<Route> routes = new ArrayList<>();

    record Route(RequestMethod method, String pattern, List<String> variables, List<String> params) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    record Answer(int status, String contentType, JsonNode body) {
    }

    @BeforeAll
    void readTheRouteTable() {
        DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
        router.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.feedbackloop.analysis")) {
                return;
            }
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                if (method != RequestMethod.GET && method != RequestMethod.DELETE) {
                    continue;
                }
                for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                    routes.add(new Route(method, pattern.getPatternString(), variables(pattern.getPatternString()),
                            params(handler, names)));
                }
            }
        });
        assertThat(routes).as("analysis GET and DELETE routes").hasSizeGreaterThanOrEqualTo(17);
        assertThat(routes.stream().mapToInt(r -> r.params().size()).sum()).as("query parameters").isGreaterThan(25);
    }

    static List<String> variables(String pattern) {
        List<String> variables = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            variables.add(m.group(1));
        }
        return variables;
    }

    static List<String> params(HandlerMethod handler, DefaultParameterNameDiscoverer names) {
        List<String> params = new ArrayList<>();
        for (MethodParameter p : handler.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                p.initParameterNameDiscovery(names);
                params.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : p.getParameterName());
            } else if (p.getParameterType().isAnnotationPresent(ApiQuery.class)) {
                // a query record: each component is a parameter, under the name RequestReader reads it by
                for (RecordComponent component : p.getParameterType().getRecordComponents()) {
                    params.add(RequestReader.fieldName(p.getParameterType(), component.getName()));
                }
            }
        }
        return params;
    }

    @Test
    void noValueOfTheCorpusInAnyPartOfAnyRouteIsAServerErrorAndEveryRefusalNamesThePart() throws Exception {
        List<String> broken = new ArrayList<>();
        int sent = 0;
        for (Route route : routes) {
            List<String> parts = new ArrayList<>(route.variables());
            parts.addAll(route.params());
            for (String part : parts) {
                for (boolean refused : List.of(true, false)) {
                    for (var value : (refused ? ALWAYS_REFUSED : ODD).entrySet()) {
                        // long text is what a free-text parameter is for; it still must not be a server error
                        boolean mustRefuse = refused && !(FREE_TEXT.containsKey(part)
                                && isText(value.getValue(), FREE_TEXT.get(part)));
                        if (value.getValue().isEmpty() && route.variables().contains(part)) {
                            // an empty path segment is another route
                            continue;
                        }
                        String uri = uri(route, part, value.getValue());
                        Answer answer = send(route.method().name(), uri, null);
                        sent++;
                        String problem = judge(answer, mustRefuse, wireName(part));
                        if (problem != null) {
                            broken.add(route + " with " + part + " = " + value.getKey() + " (" + uri + "): " + problem);
                        }
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(1000);
        assertThat(broken).as("answers out of %d that break the rules", sent).isEmpty();
    }

    /** What is wrong with an answer, or null. */
    static String judge(Answer answer, boolean mustRefuse, String part) {
        if (answer.status() >= 500) {
            return "status " + answer.status() + " " + answer.body();
        }
        if (mustRefuse && answer.status() < 400) {
            return "accepted with " + answer.status();
        }
        if (answer.status() >= 400) {
            if (answer.contentType() == null || !answer.contentType().startsWith("application/problem+json")
                    || answer.body() == null || !answer.body().hasNonNull("code")) {
                return "status " + answer.status() + " without a problem document: " + answer.contentType() + " " + answer.body();
            }
            if (answer.status() == 400) {
                JsonNode errors = answer.body().path("errors");
                boolean named = false;
                for (JsonNode error : errors) {
                    named |= error.path("field").asText().equals(part) && !error.path("rule").asText().isEmpty();
                }
                if (!named) {
                    return "400 not naming " + part + " with a rule: " + answer.body();
                }
            }
        }
        return null;
    }

    @Test
    void absurdPeriodsAreRefusedNamingTheFieldAndRule() throws Exception {
        String far = enc("+999999999-12-31T00:00:00Z");
        String farther = enc("+999999999-12-31T23:59:59Z");
        for (String endpoint : List.of("summary", "intents", "segments")) {
            expectRefusal("GET", "/api/v1/analytics/" + endpoint + "?start=" + far + "&end=" + farther, 400, "end", "range");
            expectRefusal("GET", "/api/v1/analytics/" + endpoint + "?start=2026-11-28T00:00:00Z&end=2026-11-01T00:00:00Z",
                    400, "start", "before_end");
        }
        expectRefusal("GET", "/api/v1/analytics/daily?from=%2B999999999-12-30&to=%2B999999999-12-31", 400, "from", "range");
        expectRefusal("GET", "/api/v1/analytics/daily?from=2026-11-28&to=2026-11-01", 400, "from", "before_to");
        expectRefusal("GET", "/api/v1/analytics/feedback?filter=" + enc("timestamp > '+999999999-12-31T23:59:59Z'"),
                400, "filter", "range");
        expectRefusal("GET", "/api/v1/analytics/drift/intent_category?agent_id=a&limit=99999999999", 400, "limit", "range");
        expectRefusal("GET", "/api/v1/analytics/drift/intent_category?agent_id=a&limit=ten", 400, "limit", "type");
    }

    @Test
    void releasingABaselineThatWasNeverPinnedIsNotFound() throws Exception {
        Answer answer = send("DELETE", "/api/v1/analytics/drift/baselines/nobody", null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.body().path("detail").asText()).isEqualTo("agent nobody has no pinned baseline");
    }

    @Test
    void aBaselineIsPinnedOnlyForAnAgentIdAStreamCanHoldAndForABoundedPeriod() throws Exception {
        String body = "{\"from\": \"2026-09-01T00:00:00Z\", \"to\": \"2026-09-08T00:00:00Z\"}";
        for (String id : List.of(enc("a\u0000b"), enc("a\r\nb"), enc("a\tb"), "x".repeat(129), "x".repeat(300))) {
            expectRefusal("POST", "/api/v1/analytics/drift/baselines/" + id, body, 400, "agent_id", "identifier");
        }
        expectRefusal("POST", "/api/v1/analytics/drift/baselines/long-pin", "{\"from\": \"0001-01-01T00:00:00Z\", "
                + "\"to\": \"2026-09-08T00:00:00Z\"}", 400, "to", "max_period");
        expectRefusal("POST", "/api/v1/analytics/drift/baselines/far-pin", "{\"from\": \"+999999999-01-01T00:00:00Z\", "
                + "\"to\": \"+999999999-12-31T23:59:59Z\"}", 400, "from", "range");
    }

    void expectRefusal(String method, String uri, int status, String field, String rule) throws Exception {
        expectRefusal(method, uri, null, status, field, rule);
    }

    void expectRefusal(String method, String uri, String body, int status, String field, String rule) throws Exception {
        Answer answer = send(method, uri, body);
        assertThat(answer.status()).as("%s %s: %s", method, uri, answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        List<String> named = new ArrayList<>();
        answer.body().path("errors").forEach(e -> named.add(e.path("field").asText() + "/" + e.path("rule").asText()));
        assertThat(named).as("%s %s", method, uri).contains(field + "/" + rule);
    }

    String uri(Route route, String part, String rawValue) {
        String path = route.pattern();
        for (String variable : route.variables()) {
            path = path.replace("{" + variable + "}", variable.equals(part) ? rawValue : FILLERS.get(variable));
        }
        if (route.variables().contains(part)) {
            // a drift feature is read per agent: without one the answer names agent_id, not the part under test
            return route.params().contains("agent_id") ? path + "?agent_id=probe-agent" : path;
        }
        String query = part + "=" + rawValue;
        if (!part.equals("agent_id") && route.pattern().contains("{feature}")) {
            query += "&agent_id=probe-agent";
        }
        if (route.params().contains("text") && !part.equals("text") && !part.equals("feedback_id")) {
            // similar failures are found for a text or a stored failure: one of them is always given
            query += "&text=probe";
        }
        return path + "?" + query;
    }

    /** How the API names a path variable in its errors. */
    static String wireName(String part) {
        return part.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }

    Answer send(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = null;
        try {
            parsed = response.body().isEmpty() ? null : json.readTree(response.body());
        } catch (Exception notJson) {
            // judged by its content type
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), parsed);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> rawCorpus(Map<String, String> values) {
        return new LinkedHashMap<>(values);
    }
}
