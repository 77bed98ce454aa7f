package dev.feedbackloop.trigger;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.CreateTestCase;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.RequestPipelineRun;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.Verdict;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

/**
 * Test cases, evaluation runs and pipeline runs over HTTP on the real embedded stores: reads need analytics:read,
 * writes triggers:manage; bad input names the field, unknown ids are 404, refused transitions 409.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001;root=admin=admin-secret-0000000001")
class RunsApiTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-runs-api").toString());
    }

    @Value("${local.server.port}")
    int port;

    @MockitoSpyBean
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    WebTestClient client(String key) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    WebTestClient reader() {
        return client("reader-secret-00000001");
    }

    // --- test cases ---

    void createTestCase(String id, String agent) {
        commands.sendAndWait(new CreateTestCase(id, "inc-1", agent, "cl-9", "fb-1", "tr-1", "refunds",
                "refund my order", "I cannot help", null, Instant.parse("2026-11-28T09:00:00Z")));
    }

    @Test
    void aProposedTestCaseIsListedApprovedAndRetired() {
        createTestCase("tc-a", "bot-tc");
        createTestCase("tc-b", "bot-tc");
        await().atMost(WAIT).untilAsserted(() -> reader().get()
                .uri("/api/v1/test-cases?state=proposed&agent_id=bot-tc&cluster_id=cl-9&limit=10").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.test_cases[*].id").value(hasItem("tc-a"))
                .jsonPath("$.test_cases[*].id").value(hasItem("tc-b")));
        manager().post().uri("/api/v1/test-cases/tc-a/approve").bodyValue(Map.of("expected", "offers a refund"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("approved");
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/test-cases/tc-a").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("approved")
                .jsonPath("$.expected").isEqualTo("offers a refund")
                .jsonPath("$.decided_by").isEqualTo("ops")
                .jsonPath("$.input").isEqualTo("refund my order")
                .jsonPath("$.created_at").isEqualTo("2026-11-28T09:00:00Z"));
        manager().post().uri("/api/v1/test-cases/tc-a/retire").exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/test-cases/tc-b/reject").bodyValue(Map.of("reason", "duplicate"))
                .exchange().expectStatus().isOk();
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/test-cases?state=rejected&agent_id=bot-tc")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.test_cases[0].id").isEqualTo("tc-b")
                .jsonPath("$.test_cases[0].rejection_reason").isEqualTo("duplicate"));
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/test-cases/tc-a").exchange()
                .expectBody().jsonPath("$.state").isEqualTo("retired"));
    }

    @Test
    void testCaseMistakesAreNamed() {
        createTestCase("tc-c", "bot-tc2");
        manager().post().uri("/api/v1/test-cases/tc-c/reject").bodyValue(Map.of("colour", "blue"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'colour')].rule").isEqualTo(List.of("unknown_field"));
        manager().post().uri("/api/v1/test-cases/tc-c/reject").bodyValue(Map.of("reason", 7))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'reason')].rule").isEqualTo(List.of("type"));
        manager().post().uri("/api/v1/test-cases/tc-c/reject").bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'reason')].rule").isEqualTo(List.of("required"));
        manager().post().uri("/api/v1/test-cases/tc-c/retire").exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("WRONG_STATE")
                .jsonPath("$.detail").value(startsWith("test case 'tc-c' is proposed"));
        reader().get().uri("/api/v1/test-cases?state=open").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("state");
        reader().get().uri("/api/v1/test-cases?limit=0").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("limit");
        reader().get().uri("/api/v1/test-cases/tc-nope").exchange().expectStatus().isNotFound();
        manager().post().uri("/api/v1/test-cases/tc-nope/approve").exchange().expectStatus().isNotFound();
    }

    @Test
    void readsAndWritesNeedTheirOwnScopes() {
        for (String path : List.of("/api/v1/test-cases", "/api/v1/evaluation-runs", "/api/v1/pipeline-runs")) {
            reader().get().uri(path).exchange().expectStatus().isOk();
            manager().get().uri(path).exchange().expectStatus().isForbidden();
        }
        reader().post().uri("/api/v1/test-cases/tc-x/approve").exchange().expectStatus().isForbidden();
        reader().post().uri("/api/v1/evaluation-runs").bodyValue(Map.of("agent_id", "a")).exchange()
                .expectStatus().isForbidden();
        reader().post().uri("/api/v1/pipeline-runs/pr-x/start").exchange().expectStatus().isForbidden();
    }

    // --- evaluation runs ---

    String requestRun(String agent, String version) {
        return (String) manager().post().uri("/api/v1/evaluation-runs")
                .bodyValue(Map.of("agent_id", agent, "agent_version", version, "dataset", "golden",
                        "reason", "release candidate"))
                .exchange().expectStatus().isCreated()
                .expectHeader().value("Location", startsWith("/api/v1/evaluation-runs/ev-"))
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    void complete(String id, Map<String, Object> metrics) {
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/start").bodyValue(Map.of("external_id", "job-" + id))
                .exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/complete").bodyValue(Map.of("metrics", metrics))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("completed");
    }

    @Test
    void aWorseSecondVersionRegressesAgainstThePassingFirstAndOpensATicket() {
        String first = requestRun("bot-ev", "v1");
        complete(first, Map.of("task_success_rate", 0.9, "error_rate", 0.02, "latency_ms", 850));
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/evaluation-runs/" + first).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("completed")
                .jsonPath("$.external_id").isEqualTo("job-" + first)
                .jsonPath("$.metrics.task_success_rate").isEqualTo(0.9)
                .jsonPath("$.metrics.latency_ms").isEqualTo(850.0)
                .jsonPath("$.verdict").isEqualTo("passed")
                .jsonPath("$.baseline_run_id").doesNotExist()
                .jsonPath("$.reasons").isEmpty());

        String second = requestRun("bot-ev", "v2");
        complete(second, Map.of("task_success_rate", 0.81, "error_rate", 0.05));
        List<String> reasons = List.of("task_success_rate 0.81 < 0.85", "error_rate 0.05 > 2 x baseline 0.02 (0.04)");
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/evaluation-runs/" + second).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.verdict").isEqualTo("regressed")
                .jsonPath("$.baseline_run_id").isEqualTo(first)
                .jsonPath("$.reasons").isEqualTo(reasons));
        List<Object> events = eventStore.readEvents(Streams.evaluationRun(second)).asStream()
                .map(m -> (Object) m.getPayload()).toList();
        assertThat(events).filteredOn(e -> e instanceof EvaluationRunJudged).singleElement()
                .satisfies(e -> {
                    EvaluationRunJudged judged = (EvaluationRunJudged) e;
                    assertThat(judged.verdict()).isEqualTo(Verdict.REGRESSED);
                    assertThat(judged.baselineRunId()).isEqualTo(first);
                    assertThat(judged.reasons()).isEqualTo(reasons);
                });
        verify(commands, timeout(WAIT.toMillis())).sendAndWait(argThat(c -> c instanceof CreateTicket t
                && t.ticketId().equals("tk-" + second) && t.priority() == Priority.HIGH
                && t.severity() == Severity.WARNING && t.title().contains("bot-ev") && t.title().contains("v2")
                && t.description().contains(reasons.get(0))));

        // a regressed run is no baseline: a third version is compared with the first again
        String third = requestRun("bot-ev", "v3");
        complete(third, Map.of("task_success_rate", 0.88, "error_rate", 0.03));
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/evaluation-runs/" + third).exchange()
                .expectBody()
                .jsonPath("$.verdict").isEqualTo("passed")
                .jsonPath("$.baseline_run_id").isEqualTo(first));
        await().atMost(WAIT).untilAsserted(() -> reader().get()
                .uri("/api/v1/evaluation-runs?agent_id=bot-ev&state=completed&limit=2").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.evaluation_runs.length()").isEqualTo(2)
                .jsonPath("$.evaluation_runs[*].id").value(not(hasItem(first))));
    }

    @Test
    void evaluationMistakesAreNamed() {
        manager().post().uri("/api/v1/evaluation-runs").bodyValue(Map.of("agent_version", "v 1", "dataset", 3))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'agent_id')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.errors[?(@.field == 'agent_version')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'dataset')].rule").isEqualTo(List.of("type"));
        String id = requestRun("bot-ev2", "v1");
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/complete")
                .bodyValue(Map.of("metrics", Map.of("task_success_rate", 1.5, "error_rate", "low", "Bad.Name", 1,
                        "latency_ms", 1e13)))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'metrics.task_success_rate')].rule").isEqualTo(List.of("range"))
                .jsonPath("$.errors[?(@.field == 'metrics.error_rate')].rule").isEqualTo(List.of("type"))
                .jsonPath("$.errors[?(@.field == 'metrics.Bad.Name')].rule").isEqualTo(List.of("format"))
                .jsonPath("$.errors[?(@.field == 'metrics.latency_ms')].rule").isEqualTo(List.of("range"));
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/complete").bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'metrics')].rule").isEqualTo(List.of("required"));
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/fail").bodyValue(Map.of("reason", "runner lost"))
                .exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/evaluation-runs/" + id + "/complete")
                .bodyValue(Map.of("metrics", Map.of("task_success_rate", 0.9)))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("WRONG_STATE");
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/evaluation-runs/" + id).exchange()
                .expectBody().jsonPath("$.state").isEqualTo("failed")
                .jsonPath("$.failure_reason").isEqualTo("runner lost"));
        reader().get().uri("/api/v1/evaluation-runs?state=done").exchange().expectStatus().isBadRequest();
        reader().get().uri("/api/v1/evaluation-runs/ev-nope").exchange().expectStatus().isNotFound();
        manager().post().uri("/api/v1/evaluation-runs/ev-nope/start").exchange().expectStatus().isNotFound();
    }

    // --- pipeline runs ---

    @Test
    void aPipelineReportsItsRun() {
        commands.sendAndWait(new RequestPipelineRun("pr-1", "inc-2", "bot-pr", "retrain", Map.of("dataset", "golden"),
                "drift", Instant.parse("2026-11-28T09:00:00Z")));
        commands.sendAndWait(new RequestPipelineRun("pr-2", null, "bot-pr", "reindex", Map.of(), null,
                Instant.parse("2026-11-28T09:01:00Z")));
        manager().post().uri("/api/v1/pipeline-runs/pr-1/start").bodyValue(Map.of("external_id", "gh-42"))
                .exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/pipeline-runs/pr-1/complete").bodyValue(Map.of("outputs", Map.of("model", 8)))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'outputs.model')].rule").isEqualTo(List.of("type"));
        manager().post().uri("/api/v1/pipeline-runs/pr-1/complete").bodyValue(Map.of("outputs", Map.of("model", "v8")))
                .exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/pipeline-runs/pr-2/fail").bodyValue(Map.of("reason", "no runner"))
                .exchange().expectStatus().isOk();
        manager().post().uri("/api/v1/pipeline-runs/pr-1/fail").bodyValue(Map.of("reason", "late"))
                .exchange().expectStatus().isEqualTo(409);
        manager().post().uri("/api/v1/pipeline-runs/pr-nope/start").exchange().expectStatus().isNotFound();
        reader().get().uri("/api/v1/pipeline-runs/pr-nope").exchange().expectStatus().isNotFound();
        await().atMost(WAIT).untilAsserted(() -> reader().get().uri("/api/v1/pipeline-runs/pr-1").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("completed")
                .jsonPath("$.pipeline").isEqualTo("retrain")
                .jsonPath("$.parameters.dataset").isEqualTo("golden")
                .jsonPath("$.external_id").isEqualTo("gh-42")
                .jsonPath("$.outputs.model").isEqualTo("v8")
                .jsonPath("$.requested_at").isEqualTo("2026-11-28T09:00:00Z"));
        await().atMost(WAIT).untilAsserted(() -> reader().get()
                .uri("/api/v1/pipeline-runs?agent_id=bot-pr&state=failed").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.pipeline_runs.length()").isEqualTo(1)
                .jsonPath("$.pipeline_runs[0].id").isEqualTo("pr-2")
                .jsonPath("$.pipeline_runs[0].failure_reason").isEqualTo("no runner"));
        reader().get().uri("/api/v1/pipeline-runs?pipeline=retrain&agent_id=bot-pr").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.pipeline_runs[*].id").isEqualTo(List.of("pr-1"));
    }

    // --- replays ---

    String body(String uri) {
        return reader().get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    /** Resets a projection and waits until it has read the whole stream again (it stays "replaying" until a new event). */
    void resetAndWait(String projection) {
        WebTestClient admin = client("admin-secret-0000000001");
        admin.post().uri("/api/v1/admin/projections/" + projection + "/reset").exchange().expectStatus().isAccepted();
        await().atMost(WAIT).untilAsserted(() -> admin.get().uri("/api/v1/admin/projections").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + projection + "')].running").isEqualTo(List.of(true))
                .jsonPath("$[?(@.name == '" + projection + "')].segments[*].caught_up").value(not(hasItem(false))));
    }

    @Test
    void replaysWriteTheSameDocumentsAndNoSecondVerdict() {
        createTestCase("tc-r", "bot-replay");
        manager().post().uri("/api/v1/test-cases/tc-r/reject").bodyValue(Map.of("reason", "duplicate"))
                .exchange().expectStatus().isOk();
        commands.sendAndWait(new RequestPipelineRun("pr-r", null, "bot-replay", "retrain", Map.of("a", "b"), null,
                Instant.parse("2026-11-28T09:00:00Z")));
        manager().post().uri("/api/v1/pipeline-runs/pr-r/complete").exchange().expectStatus().isOk();
        String run = requestRun("bot-replay", "v1");
        complete(run, Map.of("task_success_rate", 0.5));
        await().atMost(WAIT).untilAsserted(() -> {
            reader().get().uri("/api/v1/test-cases/tc-r").exchange().expectBody().jsonPath("$.state").isEqualTo("rejected");
            reader().get().uri("/api/v1/pipeline-runs/pr-r").exchange().expectBody().jsonPath("$.state").isEqualTo("completed");
            reader().get().uri("/api/v1/evaluation-runs/" + run).exchange().expectBody()
                    .jsonPath("$.verdict").isEqualTo("regressed");
        });
        Map<String, String> before = Map.of("/api/v1/test-cases/tc-r", body("/api/v1/test-cases/tc-r"),
                "/api/v1/pipeline-runs/pr-r", body("/api/v1/pipeline-runs/pr-r"),
                "/api/v1/evaluation-runs/" + run, body("/api/v1/evaluation-runs/" + run));

        for (String projection : List.of("trigger-test-cases", "trigger-pipeline-runs", "trigger-evaluation-runs",
                "trigger-evaluation-verdicts")) {
            resetAndWait(projection);
        }
        before.forEach((uri, json) -> await().atMost(WAIT).untilAsserted(() -> assertThat(body(uri)).isEqualTo(json)));
        long verdicts = eventStore.readEvents(Streams.evaluationRun(run)).asStream()
                .filter(m -> m.getPayload() instanceof EvaluationRunJudged).count();
        assertThat(verdicts).isEqualTo(1);
    }
}
