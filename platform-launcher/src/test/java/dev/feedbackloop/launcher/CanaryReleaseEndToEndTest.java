package dev.feedbackloop.launcher;

import dev.feedbackloop.analysis.release.CanaryEvaluator;
import dev.feedbackloop.analysis.release.ReleaseGate;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Canary releases on the whole platform: a pipeline opens a release, interactions and feedback of both versions are
 * back-filled through the public intake APIs in event time, and the evaluator's decisions are read back with the
 * measurements behind them. Stage durations pass in event time, so nothing waits for an hour.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=release-e2e-secret-00000001;"
                + "pipeline=triggers:manage=release-e2e-pipeline-00001",
                "platform.releases.evaluate-every=1h"})
@Import(CanaryReleaseEndToEndTest.Gates.class)
class CanaryReleaseEndToEndTest {

    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @TestConfiguration
    static class Gates {
        @Bean
        ReleaseGate evaluationSuite() {
            return (agent, version) -> agent.equals("gated-bot") ? Optional.of("evaluation_suite: 0.81 < 0.85")
                    : Optional.empty();
        }
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("e2e-canary-release").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    CanaryEvaluator evaluator;

    WebTestClient api;
    final Instant origin = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));

    @BeforeEach
    void client() {
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer release-e2e-secret-00000001").build();
    }

    /** n interactions spread evenly over [from, from + span], the first {@code errors} failed, latency +/-20 %. */
    void interactions(String agent, String version, int n, int errors, long latencyMs, Instant from, Duration span) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> body = new HashMap<>(Map.of("trace_id", agent + "-" + version + "-" + UUID.randomUUID(),
                    "agent_id", agent, "agent_version", version,
                    "timestamp", from.plusMillis(span.toMillis() * i / Math.max(1, n - 1)).toString(),
                    "latency_ms", Math.round(latencyMs * (0.8 + 0.4 * i / n)), "error", i < errors));
            if (i < errors) {
                body.put("error_type", "tool_timeout");
            }
            api.post().uri("/api/v1/interactions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().is2xxSuccessful();
        }
    }

    /** n feedback with task_completed reported, {@code completed} of them true, spread over [from, from + span). */
    void feedback(String agent, String version, int n, int completed, Instant from, Duration span) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Map.of("feedback_id", "fb-" + UUID.randomUUID(), "trace_id", "tr-" + UUID.randomUUID(),
                    "timestamp", from.plusMillis(span.toMillis() * i / n).toString(),
                    "implicit_signals", Map.of("task_completed", i < completed),
                    "metadata", Map.of("agent_id", agent, "agent_version", version)));
            if (batch.size() == 50 || i == n - 1) {
                api.post().uri("/api/v1/feedback/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(batch)
                        .exchange().expectStatus().is2xxSuccessful();
                batch = new ArrayList<>();
            }
        }
    }

    /** Every production gate of 21.1 passed by a pipeline's results: the version may open for a canary. */
    void passGates(String agent, String version) {
        api.post().uri("/api/v1/agents/" + agent + "/versions/" + version + "/gate-results")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"environment": "production", "results": {
                          "prompt_injection_suite": {"value": 0.97, "tests": 500},
                          "jailbreak_resistance": {"value": 0.99, "tests": 200},
                          "pii_detection": {"value": 0.9995, "tests": 1000},
                          "output_safety": {"value": 0.9995, "tests": 2000},
                          "indirect_injection_suite": {"value": 0.93}, "access_control_suite": {"value": 1.0},
                          "p50_latency_ms": {"value": 420}, "p95_latency_ms": {"value": 1700},
                          "p99_latency_ms": {"value": 2600}, "error_rate": {"value": 0.004},
                          "throughput_rps": {"value": 140}, "content_policy_suite": {"value": 0.9995},
                          "bias_disparity": {"value": 0.02}, "hallucination_rate": {"value": 0.03},
                          "guardrail_suite": {"value": 0.995}}}""")
                .exchange().expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.get()
                .uri("/api/v1/agents/" + agent + "/versions/" + version + "/approval").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("approved"));
    }

    String open(String agent, String body) {
        if (!agent.equals("gated-bot") && !agent.equals("bot")) {
            passGates(agent, "v2");
        }
        return api.post().uri("/api/v1/releases").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("release_id").toString();
    }

    String openDefault(String agent) {
        return open(agent, """
                {"agent_id": "%s", "version": "v2", "baseline_version": "v1", "opened_at": "%s"}""".formatted(agent, origin));
    }

    Map<String, Object> release(String id) {
        return api.get().uri("/api/v1/releases/" + id).exchange().expectStatus().isOk().expectBody(JSON)
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> decisions(String id) {
        return (List<Map<String, Object>>) release(id).get("decisions");
    }

    /** Evaluates until the release's latest decision is of the given type (the read models catch up meanwhile). */
    Map<String, Object> awaitDecision(String id, String type) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            evaluator.evaluateAll();
            List<Map<String, Object>> all = decisions(id);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }, d -> d != null && type.equals(d.get("type")));
    }

    /** The agent's alerts once at least {@code n} are raised (the trigger service follows the release's events). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> awaitAlerts(String agent, int n) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                (List<Map<String, Object>>) api.get().uri("/api/v1/alerts?agent_id=" + agent).exchange()
                        .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("alerts"),
                alerts -> alerts != null && alerts.size() >= n);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRollbackIsRequiredWhenTheCanaryErrorRateIsSixPercent() {
        String id = openDefault("canary-a");
        interactions("canary-a", "v1", 300, 3, 900, origin, Duration.ofMinutes(50));
        interactions("canary-a", "v2", 500, 30, 900, origin, Duration.ofMinutes(50));
        Map<String, Object> decision = awaitDecision(id, "rollback_required");
        assertThat(decision.get("reason")).isEqualTo("error_rate >= 0.05");
        @SuppressWarnings("unchecked")
        Map<String, Object> error = ((List<Map<String, Object>>) decision.get("measurements")).get(0);
        assertThat(error).containsEntry("metric", "error_rate").containsEntry("canary_value", 0.06)
                .containsEntry("baseline_value", 0.01).containsEntry("verdict", "FAIL");
        assertThat(((Number) error.get("canary_samples")).longValue()).isEqualTo(500);
        assertThat(decisions(id)).noneMatch(d -> "promotion_recommended".equals(d.get("type")));
        // the decision raises the canary_rollback rule's alerts on its channels, naming the release and the numbers
        List<Map<String, Object>> alerts = awaitAlerts("canary-a", 2);
        assertThat(alerts).extracting(a -> a.get("channel")).containsExactlyInAnyOrder("pagerduty", "slack-oncall");
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a).containsEntry("rule", "canary_rollback").containsEntry("severity", "critical");
            assertThat((Map<String, Object>) a.get("scope")).containsEntry("release_id", id)
                    .containsEntry("agent_version", "v2");
            assertThat((String) a.get("title")).contains("0.06").contains("error_rate >= 0.05");
        });

        api.post().uri("/api/v1/releases/" + id + "/reports").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"action\": \"rolled_back\", \"note\": \"argo aborted the rollout\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("rolled_back")
                .jsonPath("$.reports[0].action").isEqualTo("rolled_back");
        api.get().uri("/api/v1/releases?agent_id=canary-a").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.releases[0].release_id").isEqualTo(id);
        api.get().uri("/api/v1/releases/" + id + "/curves").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.versions.length()").isEqualTo(2)
                .jsonPath("$.versions[0].agent_version").isEqualTo("v2");
    }

    @Test
    void aCanaryOneAndSevenTenthsAsSlowAsItsBaselineIsPausedNotPromoted() {
        String id = openDefault("canary-b");
        interactions("canary-b", "v1", 150, 0, 1000, origin, Duration.ofMinutes(70));
        interactions("canary-b", "v2", 150, 0, 1700, origin, Duration.ofMinutes(70));
        feedback("canary-b", "v2", 120, 118, origin, Duration.ofMinutes(60));
        Map<String, Object> decision = awaitDecision(id, "paused");
        assertThat((String) decision.get("reason")).contains("p95_latency_ms");
        assertThat(decisions(id)).noneMatch(d -> "promotion_recommended".equals(d.get("type")));
        assertThat(release(id)).containsEntry("paused", true);
        assertThat(awaitAlerts("canary-b", 1)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("rule", "canary_paused").containsEntry("severity", "warning")
                .containsEntry("channel", "slack-oncall"));
        // the pipeline acknowledges the pause; evaluating again recommends nothing until it resumes
        api.post().uri("/api/v1/releases/" + id + "/reports").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"action\": \"paused\", \"note\": \"argo paused\"}").exchange()
                .expectStatus().isOk();
        int before = decisions(id).size();
        evaluator.evaluateAll();
        assertThat(decisions(id)).hasSize(before);
    }

    @Test
    void tooLittleTrafficIsHeldAndNeverPromoted() {
        String id = openDefault("canary-d");
        interactions("canary-d", "v1", 200, 0, 900, origin, Duration.ofMinutes(120));
        interactions("canary-d", "v2", 20, 0, 900, origin, Duration.ofMinutes(120));
        Map<String, Object> decision = awaitDecision(id, "held");
        assertThat(decision.get("reason")).isEqualTo("insufficient_data");
        evaluator.evaluateAll();
        assertThat(decisions(id)).extracting(d -> d.get("type")).containsOnly("held");
    }

    @Test
    void aHealthyCanaryPassesEveryStageToFullTrafficAndCompletes() {
        String id = open("canary-c", """
                {"agent_id": "canary-c", "version": "v2", "baseline_version": "v1", "opened_at": "%s",
                 "canary_config": {"initial_deployment": {"traffic_percentage": 1, "min_duration_minutes": 60},
                   "promotion_criteria": [
                     {"metric": "error_rate", "comparison": "less_than", "threshold": 0.02, "baseline_multiplier": 2.0},
                     {"metric": "p95_latency_ms", "comparison": "less_than", "threshold": 3000, "baseline_multiplier": 1.5},
                     {"metric": "task_success_rate", "comparison": "greater_than", "threshold": 0.85}],
                   "rollback_triggers": [{"metric": "error_rate", "threshold": 0.05, "action": "immediate_rollback"},
                     {"metric": "p99_latency_ms", "threshold": 10000, "action": "pause_and_alert"}],
                   "promotion_schedule": [{"percentage": 5, "wait_hours": 1}, {"percentage": 20, "wait_hours": 1},
                     {"percentage": 50, "wait_hours": 1}, {"percentage": 100, "wait_hours": 1}]}}""".formatted(origin));
        int[] stages = {1, 5, 20, 50, 100};
        for (int k = 0; k < stages.length; k++) {
            Instant start = origin.plus(Duration.ofMinutes(62L * k));
            interactions("canary-c", "v1", 200, 2, 1000, start, Duration.ofMinutes(61));
            interactions("canary-c", "v2", 200, 0, 1000, start, Duration.ofMinutes(61));
            feedback("canary-c", "v2", 100, 98, start, Duration.ofMinutes(60));
            if (k < stages.length - 1) {
                Map<String, Object> decision = awaitDecision(id, "promotion_recommended");
                assertThat(decision).containsEntry("percentage", stages[k]).containsEntry("next_percentage", stages[k + 1]);
                api.post().uri("/api/v1/releases/" + id + "/reports").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"action\": \"promoted\", \"percentage\": %d, \"reported_at\": \"%s\"}"
                                .formatted(stages[k + 1], start.plus(Duration.ofMinutes(62))))
                        .exchange().expectStatus().isOk().expectBody().jsonPath("$.percentage").isEqualTo(stages[k + 1]);
            }
        }
        awaitDecision(id, "completed");
        Map<String, Object> done = release(id);
        assertThat(done.get("status")).isEqualTo("completed");
        assertThat(decisions(id)).noneMatch(d -> "rollback_required".equals(d.get("type")) || "paused".equals(d.get("type")));
    }

    @Test
    void aReleaseBlockedByAGateIsRefusedUnlessOverriddenAndBadConfigNamesTheField() {
        String body = "{\"agent_id\": \"gated-bot\", \"version\": \"v2\", \"baseline_version\": \"v1\"%s}";
        api.post().uri("/api/v1/releases").contentType(MediaType.APPLICATION_JSON).bodyValue(body.formatted(""))
                .exchange().expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("gates")
                // the test's own gate and the platform's pre-deployment gates (no results yet: pending) both block
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m)
                        .contains("evaluation_suite: 0.81 < 0.85").contains("pending"));
        // a pipeline's key may open releases, but not past the gates: that override is an admin's
        api.post().uri("/api/v1/releases").header("Authorization", "Bearer release-e2e-pipeline-00001")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.formatted(", \"override\": {\"by\": \"alice\", \"reason\": \"hotfix\"}"))
                .exchange().expectStatus().isForbidden();
        String id = open("gated-bot", body.formatted(", \"override\": {\"by\": \"alice\", \"reason\": \"hotfix\"}"));
        assertThat((String) release(id).get("blocked_reason")).contains("evaluation_suite: 0.81 < 0.85");
        assertThat(release(id)).containsEntry("override", Map.of("by", "alice", "reason", "hotfix"));
        api.post().uri("/api/v1/releases").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"agent_id": "bot", "version": "v2", "baseline_version": "v1", "canary_config": {
                          "initial_deployment": {"traffic_percentage": 1, "min_duration_minutes": 60},
                          "promotion_criteria": [{"metric": "vibes", "comparison": "less_than", "threshold": 1}],
                          "rollback_triggers": [], "promotion_schedule": [{"percentage": 20, "wait_hours": 1},
                          {"percentage": 5, "wait_hours": 1}, {"percentage": 100, "wait_hours": 1}]}}""")
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'canary_config.promotion_criteria[0].metric')]").exists()
                .jsonPath("$.errors[?(@.field == 'canary_config.promotion_schedule[1].percentage')].rule").isEqualTo("increasing");
        // an empty body (with or without a byte-order mark) names each missing field; nothing is opened
        for (byte[] empty : List.of("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'})) {
            api.post().uri("/api/v1/releases").contentType(MediaType.APPLICATION_JSON).bodyValue(empty)
                    .exchange().expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.errors[*].field").isEqualTo(List.of("agent_id", "version", "baseline_version"))
                    .jsonPath("$.errors[*].rule").isEqualTo(List.of("required", "required", "required"));
        }
        api.get().uri("/api/v1/releases?agent_id=bot").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.releases.length()").isEqualTo(0);
    }
}
