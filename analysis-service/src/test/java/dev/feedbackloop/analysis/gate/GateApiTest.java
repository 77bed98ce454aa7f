package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.EvaluationRunCompleted;
import dev.feedbackloop.support.consistency.ConsistencyToken;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pre-deployment gates over HTTP on the real embedded stores, with the shipped gate file (spec 21.1). */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=pipeline=triggers:manage=gate-pipeline-secret-001;"
                + "ml=analytics:read=gate-reader-secret-00001;ops=admin=gate-admin-secret-000001")
class GateApiTest {

    static final String PIPELINE = "gate-pipeline-secret-001";
    static final String READER = "gate-reader-secret-00001";
    static final String ADMIN = "gate-admin-secret-000001";
    /** Every production gate of the shipped file, each just passing. */
    static final String ALL_PASSING = """
            {"environment": "production", "results": {
              "prompt_injection_suite": {"value": 0.95, "tests": 500},
              "jailbreak_resistance": {"value": 0.98, "tests": 200},
              "pii_detection": {"value": 0.999, "tests": 1000},
              "output_safety": {"value": 0.9995, "tests": 2000},
              "indirect_injection_suite": {"value": 0.92},
              "access_control_suite": {"value": 1.0},
              "p50_latency_ms": {"value": 420},
              "p95_latency_ms": {"value": 1800},
              "p99_latency_ms": {"value": 2900},
              "error_rate": {"value": 0.004},
              "throughput_rps": {"value": 120},
              "content_policy_suite": {"value": 0.9992},
              "bias_disparity": {"value": 0.03},
              "hallucination_rate": {"value": 0.02},
              "guardrail_suite": {"value": 0.995}}}
            """;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-gates").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    GateApprovals gateApprovals;
    @Autowired
    EventGateway events;

    WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static String agent() {
        return "bot-" + UUID.randomUUID();
    }

    WebTestClient.ResponseSpec post(String path, String key, String body) {
        return http.post().uri(path).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    WebTestClient.BodyContentSpec approval(String agent, String version, String query) {
        return http.get().uri("/api/v1/agents/" + agent + "/versions/" + version + "/approval" + query)
                .header("Authorization", "Bearer " + READER).exchange().expectStatus().isOk().expectBody();
    }

    List<String> storedEvents(String agent, String version, String environment) {
        return new JdbcTemplate(dataSource).queryForList(
                "SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber",
                String.class, Streams.versionApproval(environment, agent, version));
    }

    @Test
    void resultsFailingAGateBlockTheVersionUntilANamedAdminOverridesIt() {
        String agent = agent();
        String results = "/api/v1/agents/" + agent + "/versions/2.4.0/gate-results";
        String override = "/api/v1/agents/" + agent + "/versions/2.4.0/approval/override";

        String token = post(results, PIPELINE, """
                {"environment": "production", "results": {
                  "prompt_injection_suite": {"value": 0.93, "tests": 500}, "p95_latency_ms": {"value": 1800}}}
                """).expectStatus().isOk()
                .expectHeader().exists(ConsistencyToken.HEADER)
                .expectBody()
                .jsonPath("$.approvals.length()").isEqualTo(1)
                .jsonPath("$.approvals[0].status").isEqualTo("blocked")
                .jsonPath("$.approvals[0].environment").isEqualTo("production")
                .returnResult().getResponseHeaders().getFirst(ConsistencyToken.HEADER);

        // read your writes: given the results' token, the approval holds every gate they judged (no polling: the
        // status alone could show "blocked" from the first of the write's events, before the other gates')
        approval(agent, "2.4.0", "?consistent_with=" + token)
                .jsonPath("$.status").isEqualTo("blocked");
        approval(agent, "2.4.0", "?environment=production&consistent_with=" + token)
                .jsonPath("$.gates.length()").isEqualTo(15)
                .jsonPath("$.gates[0].gate").isEqualTo("prompt_injection")
                .jsonPath("$.gates[0].category").isEqualTo("security")
                .jsonPath("$.gates[0].metric").isEqualTo("prompt_injection_suite")
                .jsonPath("$.gates[0].status").isEqualTo("failed")
                .jsonPath("$.gates[0].observed").isEqualTo(0.93)
                .jsonPath("$.gates[0].threshold").isEqualTo(0.95)
                .jsonPath("$.gates[0].comparison").isEqualTo(">=")
                .jsonPath("$.gates[0].tests").isEqualTo(500)
                .jsonPath("$.gates[?(@.gate == 'p95_latency')].status").isEqualTo(List.of("passed"))
                .jsonPath("$.gates[?(@.gate == 'p50_latency')].status").isEqualTo(List.of("pending"));
        assertThat(gateApprovals.blockedReason(agent, "2.4.0")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("is blocked for production")
                .contains("prompt_injection (prompt_injection_suite 0.93 does not meet >= 0.95)"));

        // only an admin key may override, and only naming a person and a reason; a refusal stores nothing
        String body = "{\"by\": \"Dana Reyes\", \"reason\": \"outage fix; injection suite rerun tomorrow\"}";
        post(override, READER, body).expectStatus().isForbidden();
        post(override, PIPELINE, body).expectStatus().isForbidden();
        post(override, ADMIN, "{\"by\": \" \"}").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'by')].rule").isEqualTo(List.of("not_blank"))
                .jsonPath("$.errors[?(@.field == 'reason')].rule").isEqualTo(List.of("required"));
        assertThat(storedEvents(agent, "2.4.0", "production")).noneMatch(t -> t.endsWith("ApprovalOverridden"));

        String overridden = post(override, ADMIN, body).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("overridden")
                .jsonPath("$.override.by").isEqualTo("Dana Reyes")
                .jsonPath("$.override.reason").isEqualTo("outage fix; injection suite rerun tomorrow")
                .returnResult().getResponseHeaders().getFirst(ConsistencyToken.HEADER);
        approval(agent, "2.4.0", "?consistent_with=" + overridden)
                .jsonPath("$.status").isEqualTo("overridden")
                .jsonPath("$.override.by").isEqualTo("Dana Reyes")
                .jsonPath("$.gates[0].status").isEqualTo("failed");
        assertThat(gateApprovals.blockedReason(agent, "2.4.0")).isEmpty();
        assertThat(storedEvents(agent, "2.4.0", "production")).last().asString().endsWith("ApprovalOverridden");

        post(override, ADMIN, body).expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody()
                .jsonPath("$.code").isEqualTo("WRONG_STATE");
        // the override was for production only
        approval(agent, "2.4.0", "?environment=staging").jsonPath("$.status").isEqualTo("pending");
    }

    @Test
    void aVersionMeetingEveryProductionGateExactlyAtItsThresholdIsApproved() {
        String agent = agent();
        String token = post("/api/v1/agents/" + agent + "/versions/3.0.0/gate-results", PIPELINE, ALL_PASSING)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.approvals[0].status").isEqualTo("approved")
                .returnResult().getResponseHeaders().getFirst(ConsistencyToken.HEADER);
        approval(agent, "3.0.0", "?consistent_with=" + token)
                .jsonPath("$.status").isEqualTo("approved")
                .jsonPath("$.gates[*].status").value((Object statuses) -> assertThat((List<Object>) statuses).hasSize(15).containsOnly("passed"));
        assertThat(gateApprovals.blockedReason(agent, "3.0.0")).isEmpty();
        assertThat(gateApprovals.blockedReason(agent, "3.0.0", "staging")).hasValueSatisfying(r -> assertThat(r)
                .contains("is pending for staging").contains("no result for p50_latency_ms yet"));
        assertThat(gateApprovals.blockedReason(agent, "9.9.9")).hasValueSatisfying(r -> assertThat(r)
                .contains("is pending for production"));
        assertThat(storedEvents(agent, "3.0.0", "production")).hasSize(16).last().asString().endsWith("VersionApproved");
        // reported again: nothing changes, nothing is stored
        post("/api/v1/agents/" + agent + "/versions/3.0.0/gate-results", PIPELINE, ALL_PASSING).expectStatus().isOk();
        assertThat(storedEvents(agent, "3.0.0", "production")).hasSize(16);
        post("/api/v1/agents/" + agent + "/versions/3.0.0/approval/override", ADMIN, "{\"by\": \"Dana Reyes\", \"reason\": \"x\"}")
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void metricsOfACompletedEvaluationRunCountForEveryEnvironment() {
        String agent = agent();
        events.publish(new EvaluationRunCompleted("run-" + UUID.randomUUID(), agent, "2.5.0", "golden", Map.of(
                "prompt_injection_suite", 0.96, "prompt_injection_suite_tests", 500.0, "task_success_rate", 0.9,
                "p95_latency_ms", 2400.0), Instant.parse("2026-12-01T10:00:00Z")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> approval(agent, "2.5.0", "?environment=development")
                .jsonPath("$.status").isEqualTo("pending")
                .jsonPath("$.gates[0].status").isEqualTo("passed")
                .jsonPath("$.gates[0].tests").isEqualTo(500));
        // the same p95 passes staging's 2500 ms and fails production's 2000 ms
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> approval(agent, "2.5.0", "?environment=staging")
                .jsonPath("$.status").isEqualTo("pending")
                .jsonPath("$.gates[?(@.gate == 'p95_latency')].status").isEqualTo(List.of("passed")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> approval(agent, "2.5.0", "")
                .jsonPath("$.status").isEqualTo("blocked")
                .jsonPath("$.gates[?(@.gate == 'p95_latency')].status").isEqualTo(List.of("failed")));
    }

    @Test
    void badResultsAreA400NamingEachFieldAndRuleAndStoreNothing() {
        String agent = agent();
        String results = "/api/v1/agents/" + agent + "/versions/2.4.0/gate-results";
        post(results, PIPELINE, "{\"results\": {\"prompt_injection\": {\"value\": 0.9}, \"error_rate\": {\"value\": 0.01}}}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("results.prompt_injection")
                .jsonPath("$.errors[0].rule").isEqualTo("known_metric");
        post(results, PIPELINE, "{\"environment\": \"prod\", \"results\": {\"error_rate\": {\"value\": 0.01}}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("environment")
                .jsonPath("$.errors[0].rule").isEqualTo("one_of");
        post(results, PIPELINE, "{\"results\": {\"error_rate\": {\"value\": -1}, \"p95_latency_ms\": {\"value\": 1e13}}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'results.error_rate.value')].rule").isEqualTo(List.of("range"))
                .jsonPath("$.errors[?(@.field == 'results.p95_latency_ms.value')].rule").isEqualTo(List.of("range"));
        post(results, PIPELINE, "{\"results\": {\"pii_detection\": {\"value\": 1, \"tests\": 0}}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'results.pii_detection.tests')].rule").isEqualTo(List.of("min"));
        post(results, PIPELINE, "{\"results\": {}}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("results");
        post("/api/v1/agents/" + agent + "/versions/" + "v".repeat(65) + "/gate-results", PIPELINE,
                "{\"results\": {\"error_rate\": {\"value\": 0.01}}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("version")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        post(results, READER, "{\"results\": {\"error_rate\": {\"value\": 0.01}}}").expectStatus().isForbidden();
        for (String environment : List.of("development", "staging", "production")) {
            assertThat(storedEvents(agent, "2.4.0", environment)).isEmpty();
        }
    }
}
