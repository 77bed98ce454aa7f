package dev.feedbackloop.launcher;

import dev.feedbackloop.support.consistency.ConsistencyToken;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response the platform gives is one its live OpenAPI description ({@code /openapi}) declares: the status for
 * that operation, the media type for that status, and a body that validates against the declared schema. Real
 * requests across the main endpoints, on the embedded stores; successes and the problem+json failures alike. A
 * generated client trusts exactly this.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=" + OpenApiConformanceTest.KEY,
                "platform.webhooks.allow-loopback=true"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {

    static final String KEY = "conformance-secret-0000001";
    static final Instant AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("openapi-conformance").toString());
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    ApiDescription description;
    final List<String> departures = new ArrayList<>();

    /** What was logged while the description was first built and served (springdoc builds it once). */
    final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> loggedWhileDescribing =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    void readTheDescription() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        loggedWhileDescribing.start();
        root.addAppender(loggedWhileDescribing);
        HttpResponse<String> served;
        try {
            served = http.send(HttpRequest.newBuilder(URI.create(base() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            root.detachAppender(loggedWhileDescribing);
        }
        assertThat(served.statusCode()).isEqualTo(200);
        description = new ApiDescription(served.body());
        assertThat(description.document().path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void theDescriptionIsServedWithoutWarningsAndKeepsTheBoundsOfItsParameters() {
        assertThat(loggedWhileDescribing.list).filteredOn(e -> e.getLoggerName().startsWith("org.springdoc"))
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
        JsonNode limit = null;
        for (JsonNode parameter : description.document()
                .path("paths").path("/api/v1/analytics/failures/similar").path("get").path("parameters")) {
            limit = parameter.path("name").asString().equals("limit") ? parameter.path("schema") : limit;
        }
        assertThat(limit).isNotNull();
        assertThat(limit.path("type").asString()).isEqualTo("integer");
        assertThat(limit.path("minimum").asInt()).isEqualTo(1);
        assertThat(limit.path("maximum").asInt()).isEqualTo(100);
    }

    @Test
    void feedbackAssessmentsAndTheirReadBackAnswerAsDescribed() {
        String trace = unique("conf-trace");
        Written accepted = conformingWrite("POST", "/api/v1/feedback", null, feedback(trace, 5, "billing"));
        String feedbackId = accepted.body().path("feedback_id").asString();
        assertThat(feedbackId).isNotEmpty();

        JsonNode batch = conforming("POST", "/api/v1/feedback/batch", null,
                "[" + feedback(unique("conf-batch"), 4, "shipping") + "," + feedback(unique("conf-batch"), 2, "billing") + "]");
        assertThat(batch.isObject()).isTrue();

        Written logged = conformingWrite("POST", "/api/v1/traces/{traceId}/assessments", List.of(trace), """
                {"assessment_name": "correctness", "value": true,
                 "source": {"source_type": "LLM_JUDGE", "source_id": "judge-v1"}, "rationale": "answered the question"}""");
        assertThat(logged.body().path("assessment_id").asString()).isNotEmpty();

        // read your writes, as the description offers it: each read given its write's token answers once, no polling
        JsonNode read = conforming("GET", "/api/v1/feedback/{feedbackId}" + accepted.consistentWith(), List.of(feedbackId), null);
        assertThat(read.toString()).contains(trace);
        assertThat(conforming("GET", "/api/v1/traces/{traceId}/feedback" + accepted.consistentWith(), List.of(trace), null)
                .toString()).contains(feedbackId);
        assertThat(conforming("GET", "/api/v1/traces/{traceId}/assessments" + logged.consistentWith(), List.of(trace), null)
                .toString()).contains("correctness");
    }

    @Test
    void interactionsAndOperationsAnswerAsDescribed() {
        String trace = unique("conf-op");
        Written recorded = conformingWrite("POST", "/api/v1/interactions", null, """
                {"trace_id": "%s", "agent_id": "conf-agent", "latency_ms": 840, "input_tokens": 120,
                 "output_tokens": 80, "model": "gpt-4o", "error": false, "timestamp": "%s"}""".formatted(trace, AN_HOUR_AGO));
        assertThat(conforming("GET", "/api/v1/traces/{traceId}/interaction" + recorded.consistentWith(), List.of(trace), null)
                .toString()).contains("gpt-4o");
        conforming("GET", "/api/v1/analytics/operations/summary?agent_id=conf-agent", null, null);
        conforming("GET", "/api/v1/analytics/operations/series?agent_id=conf-agent", null, null);
        conforming("GET", "/api/v1/analytics/operations/errors", null, null);
    }

    @Test
    void analyticsQueriesAnswerAsDescribed() {
        for (String query : List.of("/api/v1/analytics/summary", "/api/v1/analytics/summary?agent_id=conf-agent",
                "/api/v1/analytics/daily", "/api/v1/analytics/intents", "/api/v1/analytics/segments",
                "/api/v1/analytics/agents", "/api/v1/analytics/drift", "/api/v1/analytics/conditions",
                "/api/v1/analytics/clusters", "/api/v1/analytics/feedback?filter=rating%20%3E%3D%204&page_size=5",
                "/api/v1/models", "/api/v1/judges/agreement", "/api/v1/me", "/api/v1/triggers/status")) {
            conforming("GET", query, null, null);
        }
    }

    @Test
    void cyclesIncidentsAndWebhooksAnswerAsDescribed() {
        LocalDate lastWeek = LocalDate.now(ZoneOffset.UTC).minusWeeks(1);
        String week = "%d-W%02d".formatted(lastWeek.get(IsoFields.WEEK_BASED_YEAR), lastWeek.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        Written opened = conformingWrite("POST", "/api/v1/cycles", null,
                "{\"agent_id\": \"conf-agent\", \"week\": \"" + week + "\"}");
        conforming("GET", "/api/v1/cycles?agent_id=conf-agent", null, null);
        String cycleId = opened.body().path("id").asString(opened.body().path("cycle_id").asString());
        assertThat(cycleId).isNotEmpty();
        conforming("GET", "/api/v1/cycles/{ref}" + opened.consistentWith(), List.of(cycleId), null);
        HttpResponse<String> unknownCycle = conformingResponse("GET", "/api/v1/cycles/{ref}", List.of("cy-none-2020-W01"), null);
        assertThat(unknownCycle.statusCode()).isEqualTo(404);

        conforming("GET", "/api/v1/incidents", null, null);
        conforming("GET", "/api/v1/incidents?state=open&limit=10", null, null);
        conforming("GET", "/api/v1/alerts", null, null);
        conforming("GET", "/api/v1/tickets", null, null);

        Written webhook = conformingWrite("POST", "/api/v1/webhooks", null, """
                {"url": "http://127.0.0.1:9/hooks", "event_types": ["feedbackloop.incident.opened"],
                 "description": "conformance"}""");
        String webhookId = webhook.body().path("id").asString();
        assertThat(webhookId).isNotEmpty();
        assertThat(conforming("GET", "/api/v1/webhooks" + webhook.consistentWith(), null, null).toString()).contains(webhookId);
        conforming("GET", "/api/v1/webhooks/{id}" + webhook.consistentWith(), List.of(webhookId), null);
        conforming("GET", "/api/v1/webhooks/{id}/deliveries", List.of(webhookId), null);
    }

    @Test
    void preDeploymentGatesAnswerAsDescribed() {
        String agent = unique("conf-gated");
        List<String> version = List.of(agent, "1.0.0");
        JsonNode pending = conforming("GET", "/api/v1/agents/{agentId}/versions/{version}/approval", version, null);
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        JsonNode recorded = conforming("POST", "/api/v1/agents/{agentId}/versions/{version}/gate-results", version, """
                {"environment": "production", "results": {"prompt_injection_suite": {"value": 0.9, "tests": 500}}}""");
        assertThat(recorded.path("approvals").path(0).path("status").asString()).isEqualTo("blocked");
        HttpResponse<String> unknownMetric = conformingResponse("POST",
                "/api/v1/agents/{agentId}/versions/{version}/gate-results", version, "{\"results\": {\"nope\": {\"value\": 1}}}");
        assertThat(unknownMetric.statusCode()).isEqualTo(400);
        Written overridden = conformingWrite("POST", "/api/v1/agents/{agentId}/versions/{version}/approval/override", version,
                "{\"by\": \"Dana Reyes\", \"reason\": \"conformance\"}");
        assertThat(overridden.body().path("status").asString()).isEqualTo("overridden");
        HttpResponse<String> again = conformingResponse("POST", "/api/v1/agents/{agentId}/versions/{version}/approval/override",
                version, "{\"by\": \"Dana Reyes\", \"reason\": \"conformance\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(conforming("GET", "/api/v1/agents/{agentId}/versions/{version}/approval" + overridden.consistentWith(),
                version, null).path("status").asString()).isEqualTo("overridden");
    }

    @Test
    void failuresAreProblemsAsDescribed() {
        HttpResponse<String> missingField = conformingResponse("POST", "/api/v1/feedback", null,
                "{\"explicit_feedback\": {\"rating\": 9}}");
        assertThat(missingField.statusCode()).isEqualTo(400);
        assertThat(missingField.body()).contains("trace_id");

        HttpResponse<String> badQuery = conformingResponse("GET", "/api/v1/incidents?limit=0", null, null);
        assertThat(badQuery.statusCode()).isEqualTo(400);

        HttpResponse<String> badCycle = conformingResponse("POST", "/api/v1/cycles", null, "{\"agent_id\": \"a\", \"week\": \"soon\"}");
        assertThat(badCycle.statusCode()).isEqualTo(400);
        assertThat(badCycle.body()).contains("week");

        HttpResponse<String> unknownFeedback = conformingResponse("GET", "/api/v1/feedback/{feedbackId}", List.of("no-such-feedback"), null);
        assertThat(unknownFeedback.statusCode()).isEqualTo(404);
        HttpResponse<String> unknownWebhook = conformingResponse("GET", "/api/v1/webhooks/{id}", List.of("wh-none"), null);
        assertThat(unknownWebhook.statusCode()).isEqualTo(404);

        HttpResponse<String> noKey = exchange("GET", "/api/v1/incidents", null, null, false);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(violations("GET", "/api/v1/incidents", noKey)).isEmpty();
    }

    /** The oracle itself: a body, status or media type the description does not declare is caught. */
    @Test
    void aResponseTheDescriptionDoesNotDeclareIsCaught() {
        String problem = "application/problem+json";
        assertThat(description.violations("GET", "/api/v1/incidents", 400, problem,
                "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, \"code\": \"VALIDATION_FAILED\"}"))
                .isEmpty();
        assertThat(description.violations("GET", "/api/v1/incidents", 400, problem,
                "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": \"400\"}"))
                .anySatisfy(v -> assertThat(v).contains("/status").contains("integer"))
                .anySatisfy(v -> assertThat(v).contains("required property 'code'"));
        assertThat(description.violations("GET", "/api/v1/incidents", 400, problem,
                "{\"type\": \"about:blank\", \"title\": \"t\", \"status\": 400, \"code\": \"X\", \"errors\": [{\"field\": \"limit\"}]}"))
                .anySatisfy(v -> assertThat(v).contains("/errors/0").contains("rule"));
        assertThat(description.violations("GET", "/api/v1/incidents", 418, "application/json", "{}"))
                .singleElement().asString().contains("status not declared");
        assertThat(description.violations("GET", "/api/v1/incidents", 401, "text/plain", "no"))
                .singleElement().asString().contains("media type text/plain not declared");
        assertThat(description.violations("GET", "/api/v1/no-such-route", 200, "application/json", "{}"))
                .singleElement().asString().contains("no such operation");
    }

    // ---- requests and their check against the description

    JsonNode conforming(String method, String template, List<String> variables, String body) {
        HttpResponse<String> response = conformingResponse(method, template, variables, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, template, response.body()).isBetween(200, 299);
        return response.body().isEmpty() ? ApiDescription.JSON.missingNode() : ApiDescription.JSON.readTree(response.body());
    }

    /** A write's answer and the consistency token it carried, as the description says its 2xx answers do. */
    record Written(JsonNode body, String token) {
        /** The query that makes a read wait for this write. */
        String consistentWith() {
            return "?" + ConsistencyToken.PARAMETER + "=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Written conformingWrite(String method, String template, List<String> variables, String body) {
        HttpResponse<String> response = conformingResponse(method, template, variables, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, template, response.body()).isBetween(200, 299);
        String token = response.headers().firstValue(ConsistencyToken.HEADER).orElse(null);
        assertThat(token).as("%s %s answers with %s", method, template, ConsistencyToken.HEADER).isNotBlank();
        return new Written(response.body().isEmpty() ? ApiDescription.JSON.missingNode() : ApiDescription.JSON.readTree(response.body()),
                token);
    }

    /** The response; how it departs from the description is noted, and each test fails at its end with every note. */
    HttpResponse<String> conformingResponse(String method, String template, List<String> variables, String body) {
        HttpResponse<String> response = exchange(method, template, variables, body, true);
        for (String violation : violations(method, template, response)) {
            departures.add(violation + "\n    answered: " + (response.body().length() > 600
                    ? response.body().substring(0, 600) + "..." : response.body()));
        }
        return response;
    }

    @AfterEach
    void everyResponseWasAsDescribed() {
        List<String> found = List.copyOf(departures);
        departures.clear();
        assertThat(found).as("responses that depart from the live description").isEmpty();
    }

    List<String> violations(String method, String template, HttpResponse<String> response) {
        String pathTemplate = template.contains("?") ? template.substring(0, template.indexOf('?')) : template;
        return description.violations(method, pathTemplate, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    HttpResponse<String> exchange(String method, String template, List<String> variables, String body, boolean authorized) {
        String path = template;
        for (String variable : variables == null ? List.<String>of() : variables) {
            path = path.replaceFirst("\\{[^}]+}", variable);
        }
        return send(method, path, body, authorized);
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, true);
    }

    HttpResponse<String> send(String method, String path, String body, boolean authorized) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorized) {
            request.header("Authorization", "Bearer " + KEY);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static String feedback(String trace, int rating, String intent) {
        return """
                {"trace_id": "%s", "timestamp": "%s",
                 "explicit_feedback": {"rating": %d, "thumbs": "%s", "comment": "conformance"},
                 "implicit_signals": {"task_completed": %s},
                 "metadata": {"agent_id": "conf-agent", "agent_version": "1.0", "intent_category": "%s"}}"""
                .formatted(trace, AN_HOUR_AGO, rating, rating >= 4 ? "up" : "down", rating >= 4, intent);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
