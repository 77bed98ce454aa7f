package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop on the embedded platform, through the HTTP APIs only, with the specification's default rules:
 * feedback goes in, the analysis finds the conditions, and the trigger service turns them into work.
 * <ul>
 *     <li>a day and a half of failing tasks: an alert to the ML team, a high-priority ticket and an evaluation run on
 *     the production sample;</li>
 *     <li>the input's intents shifting: an alert to the data team and a run of the refresh_evaluation_set pipeline;</li>
 *     <li>thirty alike complaints about refunds: a new failure cluster, test cases from its exemplars (the users'
 *     corrections as the expected behaviour) and an alert to the QA team;</li>
 *     <li>model releases: evaluation runs whose reported results end in a verdict, a worse version in a ticket.</li>
 * </ul>
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=e2e-admin-secret-0000001",
                "platform.monitor.evaluation-interval=1s",
                "platform.monitor.reference-window=24h",
                "platform.monitor.min-samples=100",
                "platform.clustering.check-interval=2s",
                "platform.clustering.interval=1ms",
                "platform.incidents.from-history=true"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerLoopEndToEndTest {

    static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(5));
    static final Duration WAIT = Duration.ofMinutes(4);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("e2e-trigger-loop").toString());
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient api;

    @BeforeAll
    void postFeedback() {
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer e2e-admin-secret-0000001").build();
        Random random = new Random(7);
        // 24 good hours then 36 failing ones, 24 feedback an hour
        post(hours(60, 24, (h, i) -> feedback("e2e-degrade", "1.0", "billing", h, i,
                h < 24 ? i % 20 != 0 : i % 10 < 6, null, null)));
        // two days of billing and shipping, then a day of mostly cancellations; completion stays high
        post(hours(72, 10, (h, i) -> feedback("e2e-drift", "1.0",
                h < 48 ? (i < 8 ? "billing" : "shipping") : (i < 7 ? "cancellation" : "billing"), h, i, true, null, null)));
        // thirty alike complaints about refunds within six hours, each with the user's correction
        String[] items = {"shoes", "laptop", "jacket", "headphones", "blender", "camera"};
        String[] states = {"was never processed", "is still pending", "never arrived", "has not come through"};
        List<Map<String, Object>> complaints = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<String, Object> f = feedback("e2e-cluster", "1.0", "refunds", 100 + i / 5, i, false,
                    "my refund for the " + items[random.nextInt(items.length)] + " " + states[random.nextInt(states.length)],
                    "Refund for order " + (4000 + i) + " was initiated; refunds take five business days");
            ((Map<String, Object>) f.get("metadata")).put("input", "where is my refund for order " + (4000 + i) + "?");
            complaints.add(f);
        }
        post(complaints);
    }

    @Test
    void aDegradationYieldsAnAlertAHighPriorityTicketAndAnEvaluationRunOnTheProductionSample() {
        Map<String, Object> incident = awaitOne("/api/v1/incidents?agent_id=e2e-degrade&rule=performance_degradation", "incidents");
        String incidentId = (String) incident.get("id");
        assertThat(incident.get("actions")).isEqualTo(List.of("alert", "create_ticket", "snapshot_evaluation"));
        Map<String, Object> alert = awaitWhere("/api/v1/alerts?agent_id=e2e-degrade", "alerts", "incident_id", incidentId);
        assertThat(alert.get("channel")).isEqualTo("slack-ml-team");
        assertThat(alert.get("rule")).isEqualTo("performance_degradation");
        Map<String, Object> ticket = awaitWhere("/api/v1/tickets?agent_id=e2e-degrade", "tickets", "incident_id", incidentId);
        assertThat(ticket.get("priority")).isEqualTo("high");
        Map<String, Object> run = awaitWhere("/api/v1/evaluation-runs?agent_id=e2e-degrade", "evaluation_runs", "incident_id", incidentId);
        assertThat(run.get("dataset")).isEqualTo("production_sample");
        assertThat(run.get("state")).isEqualTo("requested");
        assertThat(run.get("agent_version")).isEqualTo("current");
    }

    @Test
    void inputDriftYieldsARunOfTheRefreshEvaluationSetPipelineAndADataTeamAlert() {
        Map<String, Object> incident = awaitOne("/api/v1/incidents?agent_id=e2e-drift&rule=drift_detection", "incidents");
        String incidentId = (String) incident.get("id");
        Map<String, Object> run = awaitWhere("/api/v1/pipeline-runs?agent_id=e2e-drift", "pipeline_runs", "incident_id", incidentId);
        assertThat(run.get("pipeline")).isEqualTo("refresh_evaluation_set");
        Map<String, Object> alert = awaitWhere("/api/v1/alerts?agent_id=e2e-drift", "alerts", "incident_id", incidentId);
        assertThat(alert.get("channel")).isEqualTo("slack-data-team");
        // the pipeline reports back
        api.post().uri("/api/v1/pipeline-runs/{id}/start", run.get("id")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"external_id\": \"airflow-7\"}").exchange().expectStatus().is2xxSuccessful();
        api.post().uri("/api/v1/pipeline-runs/{id}/complete", run.get("id")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"outputs\": {\"dataset_version\": \"v8\"}}").exchange().expectStatus().is2xxSuccessful();
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/api/v1/pipeline-runs/" + run.get("id")).get("state"))
                .isEqualTo("completed"));
    }

    @Test
    void aNewFailureClusterYieldsTestCasesFromItsExemplarsAndAQaAlert() {
        Map<String, Object> incident = awaitOne("/api/v1/incidents?agent_id=e2e-cluster&rule=new_failure_cluster", "incidents");
        String incidentId = (String) incident.get("id");
        Map<String, Object> alert = awaitWhere("/api/v1/alerts?agent_id=e2e-cluster", "alerts", "incident_id", incidentId);
        assertThat(alert.get("channel")).isEqualTo("slack-qa-team");
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> cases = list("/api/v1/test-cases?agent_id=e2e-cluster", "test_cases");
            assertThat(cases).isNotEmpty().allSatisfy(c -> {
                assertThat(c.get("incident_id")).isEqualTo(incidentId);
                assertThat(c.get("state")).isEqualTo("proposed");
                assertThat((String) c.get("expected")).startsWith("Refund for order ");
                assertThat((String) c.get("input")).startsWith("where is my refund");
                assertThat((String) c.get("observed")).startsWith("my refund for the ");
            });
        });
    }

    @Test
    void aModelReleaseYieldsAnEvaluationRunWhoseResultsEndInAVerdictAndAWorseVersionInATicket() {
        String first = release("2.0.0", Instant.now().minus(Duration.ofHours(2)));
        report(first, 0.91, 0.01);
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/api/v1/evaluation-runs/" + first).get("verdict")).isEqualTo("passed"));

        String second = release("2.1.0", Instant.now().minus(Duration.ofHours(1)));
        report(second, 0.80, 0.05);
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> judged = get("/api/v1/evaluation-runs/" + second);
            assertThat(judged.get("verdict")).isEqualTo("regressed");
            assertThat(judged.get("baseline_run_id")).isEqualTo(first);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(list("/api/v1/tickets?agent_id=e2e-release", "tickets"))
                .anySatisfy(t -> assertThat((String) t.get("title")).contains("2.1.0")));
    }

    // ---- the loop's inputs

    interface Item {
        Map<String, Object> at(int hour, int index);
    }

    static List<Map<String, Object>> hours(int hours, int perHour, Item item) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < perHour; i++) {
                out.add(item.at(h, i));
            }
        }
        return out;
    }

    static Map<String, Object> feedback(String agent, String version, String intent, int hour, int index,
                                        boolean completed, String comment, String correction) {
        Instant at = START.plus(Duration.ofHours(hour)).plus(Duration.ofSeconds(60L + index * 97L % 3400));
        Map<String, Object> explicit = new LinkedHashMap<>();
        explicit.put("rating", completed ? 5 : 2);
        if (comment != null) {
            explicit.put("thumbs", "down");
            explicit.put("comment", comment);
            explicit.put("correction", correction);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("agent_id", agent);
        metadata.put("agent_version", version);
        metadata.put("intent_category", intent);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trace_id", agent + "-" + hour + "-" + index);
        out.put("timestamp", at.toString());
        out.put("explicit_feedback", explicit);
        out.put("implicit_signals", Map.of("task_completed", completed));
        out.put("metadata", metadata);
        return out;
    }

    void post(List<Map<String, Object>> feedback) {
        for (int i = 0; i < feedback.size(); i += 500) {
            api.post().uri("/api/v1/feedback/batch").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(feedback.subList(i, Math.min(feedback.size(), i + 500))).exchange()
                    .expectStatus().isOk();
        }
    }

    String release(String version, Instant releasedAt) {
        api.post().uri("/api/v1/models/e2e-release/versions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", version, "released_at", releasedAt.toString())).exchange()
                .expectStatus().isCreated();
        return (String) awaitWhere("/api/v1/evaluation-runs?agent_id=e2e-release", "evaluation_runs", "agent_version", version).get("id");
    }

    void report(String runId, double successRate, double errorRate) {
        api.post().uri("/api/v1/evaluation-runs/{id}/start", runId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().is2xxSuccessful();
        api.post().uri("/api/v1/evaluation-runs/{id}/complete", runId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("metrics", Map.of("task_success_rate", successRate, "error_rate", errorRate)))
                .exchange().expectStatus().is2xxSuccessful();
    }

    // ---- reading through the API

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String uri) {
        return api.get().uri(uri).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String uri, String key) {
        return (List<Map<String, Object>>) get(uri).get(key);
    }

    Map<String, Object> awaitOne(String uri, String key) {
        List<Map<String, Object>> found = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> items = list(uri, key);
            assertThat(items).as(uri).hasSize(1);
            found.add(items.get(0));
        });
        return found.get(found.size() - 1);
    }

    Map<String, Object> awaitWhere(String uri, String key, String field, Object value) {
        List<Map<String, Object>> found = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> items = list(uri, key).stream().filter(m -> value.equals(m.get(field))).toList();
            assertThat(items).as(uri + " with " + field + " = " + value).hasSize(1);
            found.add(items.get(0));
        });
        return found.get(found.size() - 1);
    }
}
