package dev.feedbackloop.improvement;

import dev.feedbackloop.improvement.cycle.ImprovementCycle;

import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.consistency.ConsistencyToken;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.improvement.cycle.CycleAnalyst;
import dev.feedbackloop.improvement.cycle.CycleOpener;
import dev.feedbackloop.improvement.cycle.FakeApprovedTestCases;
import dev.feedbackloop.improvement.cycle.FakeCycleAnalyst;
import dev.feedbackloop.kernel.common.IsoWeeks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Improvement cycles on the real embedded stores and the real db-scheduler deadlines, with the fake analyst
 * ({@link FakeCycleAnalyst.Config}) and approved test cases set by the test ({@link FakeApprovedTestCases.Config}: the
 * real ones are the trigger service's). The phase offsets put review to implementation in the first seconds of a week
 * and the measurement and close 8 and 9 days after its Monday: a cycle two weeks back is entirely due and walks to
 * closed at once, phase after phase; the current week's stops before its measurement, its backlog ranked.
 */
@SpringBootTest(classes = ImprovementServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "platform.security.api-keys=ops=triggers:manage=manager-secret-000001;ml=analytics:read=reader-secret-00000001",
                "db-scheduler.polling-interval=1s",
                "platform.cycles.enabled=false",
                "platform.cycles.review=0s",
                "platform.cycles.deep-dive=1s",
                "platform.cycles.prioritization=2s",
                "platform.cycles.implementation=3s",
                "platform.cycles.measurement=8d",
                "platform.cycles.close=9d"})
@Import({FakeCycleAnalyst.Config.class, FakeApprovedTestCases.Config.class})
class CyclesApiTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("improvement-cycles-api").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventBus events;

    @Autowired
    FakeCycleAnalyst analyst;

    @Autowired
    CycleOpener opener;

    @Autowired
    FakeApprovedTestCases testCases;

    WebTestClient client(String key) {
        WebTestClient.Builder builder = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20));
        return key == null ? builder.build() : builder.defaultHeader("Authorization", "Bearer " + key).build();
    }

    WebTestClient manager() {
        return client("manager-secret-000001");
    }

    WebTestClient reader() {
        return client("reader-secret-00000001");
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static String week(Instant at) {
        return IsoWeeks.of(at, ZoneOffset.UTC);
    }

    String open(String agent, String week) {
        String id = ImprovementCycle.idOf(agent, week);
        manager().post().uri("/api/v1/cycles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("agent_id", agent, "week", week)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/v1/cycles/" + id)
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.week").isEqualTo(week)
                .jsonPath("$.starts_at").isEqualTo(IsoWeeks.start(week, ZoneOffset.UTC).toString());
        return id;
    }

    @Test
    void aPastWeeksCycleWalksEveryPhaseInOrderToClosed() throws IOException {
        String agent = unique("past-");
        Instant twoWeeksAgo = Instant.now().minus(Duration.ofDays(14));
        String week = week(twoWeeksAgo);
        Instant start = IsoWeeks.start(week, ZoneOffset.UTC);
        testCases.approve(agent, List.of("tc-" + agent));
        analyst.deployment = Optional.of(new CycleAnalyst.Deployment("v2", "v1", start.plusSeconds(3600)));
        String id = open(agent, week);

        long began = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> reader().get()
                .uri("/api/v1/cycles/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("closed"));
        System.out.printf("a past week's cycle walked to closed in %d ms%n",
                Duration.ofNanos(System.nanoTime() - began).toMillis());

        reader().get().uri("/api/v1/cycles/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.agent_id").isEqualTo(agent)
                .jsonPath("$.week").isEqualTo(week)
                .jsonPath("$.phase").isEqualTo("measurement")
                .jsonPath("$.phase_started_at.review").isEqualTo(start.toString())
                .jsonPath("$.phase_started_at.deep_dive").isEqualTo(start.plusSeconds(1).toString())
                .jsonPath("$.phase_started_at.measurement").isEqualTo(start.plus(Duration.ofDays(8)).toString())
                .jsonPath("$.review.from").isEqualTo(start.minus(Duration.ofDays(7)).toString())
                .jsonPath("$.review.incident_ids[0]").isEqualTo("in-1")
                .jsonPath("$.review.deltas[0].metric").isEqualTo("task_success_rate")
                .jsonPath("$.problems[0].kind").isEqualTo("failure_cluster")
                .jsonPath("$.backlog.length()").isEqualTo(3)
                .jsonPath("$.backlog[0].item_id").isEqualTo("b-1")
                .jsonPath("$.backlog[0].position").isEqualTo(0)
                .jsonPath("$.dataset.dataset_id").isEqualTo("ds-" + agent)
                .jsonPath("$.dataset.version").isEqualTo(1)
                .jsonPath("$.dataset.test_cases").isEqualTo(1)
                .jsonPath("$.deployment.version").isEqualTo("v2")
                .jsonPath("$.deployment.by").isEqualTo("feedback")
                .jsonPath("$.measurement.verdict").isEqualTo("improved")
                .jsonPath("$.measurement.comparisons[0].p_value").isEqualTo(0.0124)
                .jsonPath("$.success_criteria.proposed.task_success_rate").isEqualTo(0.82)
                .jsonPath("$.success_criteria.accepted").doesNotExist()
                .jsonPath("$.closed_at").isEqualTo(start.plus(Duration.ofDays(9)).toString());
        // the whole body as the controller that built it from maps answered it: every field, in order, nulls too
        String body = reader().get().uri("/api/v1/cycles/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body.replaceFirst("\"opened_at\":\"[^\"]+\"", "\"opened_at\":\"\\${opened_at}\""))
                .isEqualTo(closedCycle(agent, week, start));

        // the week names the cycle too, with the agent
        reader().get().uri("/api/v1/cycles/" + week + "?agent_id=" + agent).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id);
        reader().get().uri("/api/v1/cycles?agent_id=" + agent).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.cycles[0].id").isEqualTo(id);

        // a person accepts the proposed criteria; nothing else is accepted after close
        String accepted = manager().post().uri("/api/v1/cycles/" + id + "/success-criteria").exchange()
                .expectStatus().isNoContent().expectHeader().exists(ConsistencyToken.HEADER)
                .returnResult(Void.class).getResponseHeaders().getFirst(ConsistencyToken.HEADER);
        // read your writes: the cycle shows the accepted criteria at once for a read given the write's token
        reader().get().uri("/api/v1/cycles/" + id + "?consistent_with=" + accepted)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success_criteria.accepted.negative_rate").isEqualTo(0.12)
                .jsonPath("$.success_criteria.accepted_by").isEqualTo("ops");
        manager().post().uri("/api/v1/cycles/" + id + "/notes").bodyValue(Map.of("text", "too late"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("WRONG_STATE");

        String markdown = reader().get().uri("/api/v1/cycles/" + id + "/report").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/markdown"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(markdown).contains("# Improvement cycle " + week)
                .contains("Verdict: improved (v2 against v1)")
                .contains("| task\\_success\\_rate | two\\_proportion\\_z | 0.7800 | 0.8400 | 500 / 450 | 2.500 | 0.0124 | yes |")
                .contains("Refunds \\<b\\>wrong\\</b\\> \\| policy")
                .contains("Evaluation dataset ds-" + agent + " version 1 (1 test cases)");
        String html = reader().get().uri("/api/v1/cycles/" + id + "/report?format=html").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<h2>Measured</h2>").contains("Refunds &lt;b&gt;wrong&lt;/b&gt; | policy")
                .doesNotContain("<b>wrong</b>").contains("<td>0.0124</td>");
        reader().get().uri("/api/v1/cycles/" + id + "/report").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }

    /** {@code http/closed-cycle.json}: a closed cycle of the fake analyst, its times relative to the week's start. */
    static String closedCycle(String agent, String week, Instant start) throws IOException {
        String body;
        try (InputStream in = CyclesApiTest.class.getResourceAsStream("/http/closed-cycle.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        Map<String, Duration> times = Map.of("start", Duration.ZERO, "start+1s", Duration.ofSeconds(1),
                "start+2s", Duration.ofSeconds(2), "start+3s", Duration.ofSeconds(3), "start+1h", Duration.ofHours(1),
                "start+7d", Duration.ofDays(7), "start+8d", Duration.ofDays(8), "start+9d", Duration.ofDays(9),
                "start-7d", Duration.ofDays(-7));
        for (Map.Entry<String, Duration> t : times.entrySet()) {
            body = body.replace("${" + t.getKey() + "}", start.plus(t.getValue()).toString());
        }
        return body.replace("${agent}", agent).replace("${week}", week);
    }

    @Test
    void theCurrentWeeksBacklogIsNotedReorderedAndDecided() {
        String agent = unique("now-");
        String week = week(Instant.now());
        String id = open(agent, week);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> reader().get()
                .uri("/api/v1/cycles/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("implementation")
                .jsonPath("$.backlog.length()").isEqualTo(3));

        manager().post().uri("/api/v1/cycles/" + id + "/notes")
                .bodyValue(Map.of("author", "ana", "text", "<script>alert(1)</script> refunds spike"))
                .exchange().expectStatus().isCreated().expectBody()
                .jsonPath("$.note_id").isNotEmpty()
                .jsonPath("$.author").isEqualTo("ana");
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-3/move").bodyValue(Map.of("position", 0))
                .exchange().expectStatus().isNoContent();
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-2/decision")
                .bodyValue(Map.of("decision", "dropped", "by", "bob")).exchange().expectStatus().isNoContent();
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-3/decision")
                .bodyValue(Map.of("decision", "accepted")).exchange().expectStatus().isNoContent();
        manager().post().uri("/api/v1/cycles/" + id + "/deployment")
                .bodyValue(Map.of("version", "v7", "previous_version", "v6", "deployed_at", Instant.now().minusSeconds(60).toString()))
                .exchange().expectStatus().isNoContent();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> reader().get().uri("/api/v1/cycles/" + id)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.notes[0].text").isEqualTo("<script>alert(1)</script> refunds spike")
                .jsonPath("$.backlog[0].item_id").isEqualTo("b-3")
                .jsonPath("$.backlog[0].decision").isEqualTo("accepted")
                .jsonPath("$.backlog[1].item_id").isEqualTo("b-1")
                .jsonPath("$.backlog[1].decision").doesNotExist()
                .jsonPath("$.backlog[2].item_id").isEqualTo("b-2")
                .jsonPath("$.backlog[2].decision").isEqualTo("dropped")
                .jsonPath("$.deployment.version").isEqualTo("v7")
                .jsonPath("$.deployment.by").isEqualTo("ops")
                .jsonPath("$.state").isEqualTo("open"));
        String html = reader().get().uri("/api/v1/cycles/" + id + "/report?format=html").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; refunds spike").doesNotContain("<script>");

        // backlog errors: an unknown item, a bad decision, a position out of range or of the wrong type
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-9/move").bodyValue(Map.of("position", 0))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-1/decision").bodyValue(Map.of("decision", "maybe"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("decision")
                .jsonPath("$.errors[0].rule").isEqualTo("one_of");
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-1/move").bodyValue(Map.of("position", "top"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("position");
        manager().post().uri("/api/v1/cycles/" + id + "/backlog/b-1/move").bodyValue(Map.of("position", 7))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").value(containsString("position must be between 0 and 2"));
        manager().post().uri("/api/v1/cycles/" + id + "/notes").bodyValue(Map.of("text", " "))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("text")
                .jsonPath("$.errors[0].rule").isEqualTo("not_blank");
        manager().post().uri("/api/v1/cycles/" + id + "/deployment").bodyValue(Map.of("version", "v8", "deployed_at", "friday"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("deployed_at")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        // nothing to accept before close
        manager().post().uri("/api/v1/cycles/" + id + "/success-criteria").bodyValue(Map.of("thresholds", Map.of("x", 1)))
                .exchange().expectStatus().isEqualTo(409);

        // a second agent in the same week makes the week alone ambiguous
        open(unique("other-"), week);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> reader().get().uri("/api/v1/cycles/" + week)
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("agent_id"));
        reader().get().uri("/api/v1/cycles/" + week + "?agent_id=" + agent).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
    }

    @Test
    void theOpenerOpensTheCurrentWeekOfEveryAgentThatSentFeedback() {
        String agent = unique("fb-");
        events.publish(GenericEventMessage.asEventMessage(new FeedbackSubmitted(new FeedbackId(unique("f-")),
                new TraceId(unique("t-")), Instant.now(), "u-1", null, null, null,
                new FeedbackMetadata(agent, "v1", "billing", List.of(), Map.of(), Map.of()), "fp", Instant.now())));
        String id = ImprovementCycle.idOf(agent, week(Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            opener.openAll();
            reader().get().uri("/api/v1/cycles/" + id).exchange().expectStatus().isOk();
        });
    }

    @Test
    void badRequestsAreProblemsNamingTheFieldAndRule() {
        String agent = unique("bad-");
        String future = week(Instant.now().plus(Duration.ofDays(7)));
        manager().post().uri("/api/v1/cycles").bodyValue(Map.of("agent_id", agent, "week", future)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("week")
                .jsonPath("$.errors[0].rule").isEqualTo("not_future");
        manager().post().uri("/api/v1/cycles").bodyValue(Map.of("agent_id", agent, "week", "2026-48")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("week")
                .jsonPath("$.errors[0].rule").isEqualTo("format");
        manager().post().uri("/api/v1/cycles").bodyValue(Map.of("week", "2026-W01")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("agent_id")
                .jsonPath("$.errors[0].rule").isEqualTo("required");
        manager().post().uri("/api/v1/cycles").bodyValue(Map.of("agent_id", agent, "week", "2026-W01", "zone", "UTC"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].rule").isEqualTo("unknown_field");
        reader().get().uri("/api/v1/cycles/2026-W60").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("week");
        reader().get().uri("/api/v1/cycles/cy-nobody-2026-W01").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        reader().get().uri("/api/v1/cycles?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        reader().get().uri("/api/v1/cycles/cy-nobody-2026-W01/report?format=pdf").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("format");
        manager().post().uri("/api/v1/cycles/cy-nobody-2026-W01/notes").bodyValue(Map.of("text", "hello"))
                .exchange().expectStatus().isNotFound();

        // every broken rule of a body at once; a body left out is named as one; a query names only what it reads
        manager().post().uri("/api/v1/cycles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"agent_id\": 5, \"week\": \"2026-W60\", \"zone\": \"UTC\"}").exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[?(@.field == 'zone')].rule").isEqualTo(List.of("unknown_field"))
                .jsonPath("$.errors[?(@.field == 'agent_id')].rule").isEqualTo(List.of("type"))
                .jsonPath("$.errors[?(@.field == 'week')].rule").isEqualTo(List.of("format"));
        manager().post().uri("/api/v1/cycles").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("")
                .jsonPath("$.errors[0].rule").isEqualTo("required");
        manager().post().uri("/api/v1/cycles/cy-nobody-2026-W01/backlog/b-1/decision")
                .bodyValue(Map.of("decision", "maybe", "by", 7)).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'decision')].message").isEqualTo(List.of("must be one of accepted, dropped"))
                .jsonPath("$.errors[?(@.field == 'by')].rule").isEqualTo(List.of("type"));
        reader().get().uri("/api/v1/cycles?agent=" + agent).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("agent")
                .jsonPath("$.errors[0].rule").isEqualTo("unknown_field");
        reader().get().uri("/api/v1/judges/agreement?limit=5000").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit")
                .jsonPath("$.errors[0].rule").isEqualTo("range");

        // scopes: reading needs analytics:read, writing triggers:manage
        reader().post().uri("/api/v1/cycles").bodyValue(Map.of("agent_id", agent, "week", "2026-W01"))
                .exchange().expectStatus().isForbidden();
        reader().post().uri("/api/v1/cycles/cy-x/notes").bodyValue(Map.of("text", "hi"))
                .exchange().expectStatus().isForbidden();
        manager().get().uri("/api/v1/cycles").exchange().expectStatus().isForbidden();
        client(null).get().uri("/api/v1/cycles").exchange().expectStatus().isUnauthorized();
        reader().get().uri("/api/v1/cycles").exchange().expectStatus().isOk()
                .expectBody(String.class).value(not(containsString(agent)));
    }

    @Test
    void theApiDescriptionShowsTheCyclesRecordsWhole() throws IOException {
        JsonNode api = new ObjectMapper().readTree(client(null).get().uri("/openapi").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        JsonNode list = api.at("/paths/~1api~1v1~1cycles/get");
        assertThat(list.at("/tags/0").asText()).isEqualTo("cycles");
        assertThat(list.path("summary").asText()).isNotBlank();
        assertThat(list.path("parameters").findValuesAsText("name"))
                .containsExactly("agent_id", "limit", "X-Consistency-Token", "consistent_with");
        assertThat(api.at("/paths/~1api~1v1~1cycles/post/responses/201/headers").has("X-Consistency-Token")).isTrue();
        assertThat(api.at("/paths/~1api~1v1~1cycles/post/requestBody/content/application~1json/schema/$ref").asText())
                .endsWith("/OpenCycleRequest");
        assertThat(api.at("/paths/~1api~1v1~1cycles/post/responses/201/content/application~1json/schema/$ref").asText())
                .endsWith("/OpenedCycle");
        assertThat(api.at("/paths/~1api~1v1~1cycles~1{ref}~1report/get/parameters").findValuesAsText("name"))
                .contains("agent_id", "format");
        assertThat(api.at("/paths/~1api~1v1~1judges~1agreement/get/tags/0").asText()).isEqualTo("judges");
        assertThat(api.at("/components/schemas/BacklogDecisionRequest/properties/decision/enum").toString())
                .isEqualTo("[\"accepted\",\"dropped\"]");

        // every schema the cycle and judge operations reach is a record's: named properties, no free-form blobs
        Set<String> seen = new TreeSet<>();
        api.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/v1/cycles") || path.getKey().startsWith("/api/v1/judges")) {
                path.getValue().findValuesAsText("$ref").forEach(ref -> reach(api, ref, seen));
            }
        });
        assertThat(seen).contains("ImprovementCycle", "CycleMeasurement", "JudgeAgreementWeek", "SuccessCriteriaRequest");
        for (String name : seen) {
            JsonNode schema = api.path("components").path("schemas").path(name);
            assertThat(schema.path("properties").size()).as(name).isPositive();
            assertThat(schema.findValues("additionalProperties")).as(name)
                    .allSatisfy(extra -> assertThat(extra.size()).as(name + " has a free-form map").isPositive());
        }
    }

    /** The component schemas {@code ref} names, and those they name in turn. */
    static void reach(JsonNode api, String ref, Set<String> seen) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        if (name.equals("Problem") || !seen.add(name)) {
            return;
        }
        api.path("components").path("schemas").path(name).findValuesAsText("$ref").forEach(next -> reach(api, next, seen));
    }
}
