package dev.feedbackloop.analysis.failures;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failure-mode API after a week of one agent's failures, clustered by the tracker on its own schedule: the
 * cluster list with trend, intents and versions, one cluster with exemplars, members and history, the weekly
 * report, and a problem naming each bad parameter. The failures are embedded each alone, as by default;
 * {@link FailureClusterScenarioTest} checks that a rebuild gives the same bits.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ml=analytics:read=reader-secret-00000001;ingest=feedback:write=writer-secret-0000001",
                "platform.clustering.check-interval=1s", "platform.clustering.interval=1ms",
                "platform.monitor.evaluation-interval=1h"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureClusterApiTest {

    static final String AGENT = "api-cluster-bot";
    static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-cluster-api").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;

    WebTestClient reader;
    FailureScenario scenario;

    @BeforeAll
    void aWeekOfFailuresClusteredOnSchedule() {
        reader = client("reader-secret-00000001");
        scenario = new FailureScenario(AGENT, START, 11);
        scenario.publish(eventStore, START, START.plus(FailureScenario.SPAN));
        Instant latest = scenario.feedback.stream().map(FeedbackSubmitted::timestamp).max(Comparator.naturalOrder()).orElseThrow();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Document run = Mono.from(readModels.collection(FailureClusterTracker.RUNS).find(Filters.eq("_id", AGENT)).first())
                    .block(Duration.ofSeconds(10));
            return run != null && run.getDate("window_end").toInstant().equals(latest);
        });
        long events = countClusterEvents();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                Flux.from(readModels.collection(FailureClusterProjection.CLUSTERS).find()).collectList()
                        .block(Duration.ofSeconds(10)).stream()
                        .mapToInt(d -> d.getList("history", Document.class).size()).sum() == events);
    }

    WebTestClient client(String secret) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer " + secret).build();
    }

    Map<String, Object> get(String uri, Object... variables) {
        return reader.get().uri(uri, variables).exchange().expectStatus().isOk().expectBody(JSON).returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> json, String key) {
        return (List<Map<String, Object>>) json.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> json, String key) {
        return (List<String>) json.get(key);
    }

    @Test
    void activeClustersComeLargestFirstWithTrendIntentsAndVersions() {
        List<Map<String, Object>> clusters = list(get("/api/v1/analytics/clusters?agent_id={a}&state=active", AGENT), "clusters");

        assertThat(clusters).hasSizeGreaterThanOrEqualTo(3);
        assertThat(clusters).extracting(c -> (Integer) c.get("size")).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(clusters).allSatisfy(c -> {
            assertThat(c.get("agent_id")).isEqualTo(AGENT);
            assertThat(c.get("state")).isEqualTo("active");
            assertThat((String) c.get("id")).startsWith("fc-");
            assertThat(strings(c, "top_terms")).isNotEmpty();
            assertThat((String) c.get("label")).isNotBlank();
            assertThat((Integer) c.get("size_24h")).isBetween(0, (Integer) c.get("size"));
            assertThat(c.get("trend")).isIn("growing", "stable", "shrinking");
            assertThat(list(c, "top_intents")).isNotEmpty().allSatisfy(i ->
                    assertThat(i).containsOnlyKeys("intent_category", "count"));
            assertThat(list(c, "top_agent_versions")).extracting(v -> v.get("agent_version")).isSubsetOf("1.0", "1.1");
            assertThat(Instant.parse((String) c.get("first_seen"))).isBeforeOrEqualTo(Instant.parse((String) c.get("last_seen")));
        });
        assertThat(clusters).anySatisfy(c -> assertThat(strings(c, "top_terms")).contains("refund"));
        assertThat(clusters).as("labels are key phrases of the members").anySatisfy(c ->
                assertThat((String) c.get("label")).contains("refund"));
        assertThat(clusters).anySatisfy(c -> assertThat(strings(c, "top_terms")).contains("declined"));
    }

    @Test
    void theModesThatStoppedAreListedAsResolvedQuietly() {
        List<Map<String, Object>> resolved = list(get("/api/v1/analytics/clusters?agent_id={a}&state=resolved", AGENT), "clusters");

        assertThat(resolved).filteredOn(c -> "quiet".equals(c.get("resolution")))
                .anySatisfy(c -> assertThat(strings(c, "top_terms")).contains("password"))
                .allSatisfy(c -> assertThat(Instant.parse((String) c.get("ended_at")))
                        .isAfterOrEqualTo(Instant.parse((String) c.get("last_seen")).plus(Duration.ofHours(72))));
        assertThat(list(get("/api/v1/analytics/clusters?agent_id=nobody"), "clusters")).isEmpty();
    }

    @Test
    void aClusterShowsExemplarsWithTheirTextACappedMemberListAndItsHistory() {
        Map<String, Object> largest = list(get("/api/v1/analytics/clusters?agent_id={a}&state=active", AGENT), "clusters").get(0);

        Map<String, Object> cluster = get("/api/v1/analytics/clusters/{id}?member_limit=3", largest.get("id"));

        assertThat(cluster.get("id")).isEqualTo(largest.get("id"));
        assertThat(cluster.get("size")).isEqualTo(largest.get("size"));
        assertThat(list(cluster, "exemplars")).hasSizeBetween(1, 5).allSatisfy(e -> {
            assertThat((String) e.get("feedback_id")).startsWith(AGENT);
            assertThat((String) e.get("text")).isNotBlank();
            assertThat(e.get("timestamp")).isNotNull();
        });
        assertThat((Integer) cluster.get("member_count")).isEqualTo(largest.get("size"));
        assertThat(strings(cluster, "member_ids")).hasSize(3);
        assertThat(cluster.get("members_truncated")).isEqualTo(true);
        List<Map<String, Object>> history = list(cluster, "history");
        assertThat(history.get(0)).containsEntry("type", "discovered");
        // a change carries only the fields its type has values for
        assertThat(history).allSatisfy(h -> assertThat(h).containsKeys("type", "at").doesNotContainValue(null));
        assertThat(history).extracting(h -> Instant.parse((String) h.get("at"))).isSorted();
        assertThat(history.subList(1, history.size())).extracting(h -> h.get("type")).containsOnly("grew");

        reader.get().uri("/api/v1/analytics/clusters/{id}", "fc-no-such-cluster").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theWeeklyReportListsTheModesOfTheWeekWithWhatHappenedToThem() {
        Map<String, Object> report = get("/api/v1/analytics/clusters/report?week=2026-W41&agent_id={a}", AGENT);

        assertThat(report).containsEntry("report", "failure_mode_clustering").containsEntry("week", "2026-W41")
                .containsEntry("from", "2026-10-05T00:00:00Z").containsEntry("to", "2026-10-12T00:00:00Z");
        List<Map<String, Object>> modes = list(report, "modes");
        assertThat(modes).hasSizeGreaterThanOrEqualTo(5);
        assertThat(modes).extracting(m -> (Integer) m.get("size")).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(modes).allSatisfy(m -> {
            assertThat(m.get("this_week")).isEqualTo("new");
            assertThat(list(m, "examples")).isNotEmpty().allSatisfy(e -> assertThat((String) e.get("text")).isNotBlank());
            assertThat(list(m, "top_intents")).isNotEmpty();
        });
        assertThat(strings(report, "new")).hasSameSizeAs(modes);
        List<String> resolved = strings(report, "resolved");
        assertThat(modes).filteredOn(m -> strings(m, "top_terms").contains("password"))
                .allSatisfy(m -> assertThat(resolved).contains((String) m.get("id")));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) report.get("summary");
        assertThat(summary).containsEntry("active_modes", modes.size()).containsEntry("new", modes.size())
                .containsEntry("resolved", resolved.size());

        // the week after: the modes still active carry on, nothing new; the week before: nothing
        Map<String, Object> next = get("/api/v1/analytics/clusters/report?week=2026-W42&agent_id={a}", AGENT);
        List<String> active = list(get("/api/v1/analytics/clusters?agent_id={a}&state=active", AGENT), "clusters").stream()
                .map(c -> (String) c.get("id")).toList();
        assertThat(list(next, "modes")).extracting(m -> m.get("id")).containsExactlyInAnyOrderElementsOf(active);
        assertThat(list(next, "modes")).allSatisfy(m -> assertThat(m.get("this_week")).isEqualTo("ongoing"));
        assertThat(strings(next, "new")).isEmpty();
        assertThat(list(get("/api/v1/analytics/clusters/report?week=2026-W40"), "modes")).isEmpty();
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        for (String[] bad : List.of(
                new String[]{"/api/v1/analytics/clusters?state=open", "state"},
                new String[]{"/api/v1/analytics/clusters?agent_id=a%20b", "agent_id"},
                new String[]{"/api/v1/analytics/clusters/report?week=2026-47", "week"},
                new String[]{"/api/v1/analytics/clusters/report?week=2026-W54", "week"},
                new String[]{"/api/v1/analytics/clusters/report?week=2026-W00", "week"},
                new String[]{"/api/v1/analytics/clusters/fc-x?member_limit=lots", "member_limit"},
                new String[]{"/api/v1/analytics/clusters/fc-x?member_limit=1001", "member_limit"})) {
            reader.get().uri(java.net.URI.create("http://127.0.0.1:" + port + bad[0])).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(bad[1]);
        }
    }

    @Test
    void similarFailuresOfATextAreTheNearestInMeaningWithTheirMode() {
        // a paraphrase of the refund mode that shares few of its words
        Map<String, Object> answer = get("/api/v1/analytics/failures/similar?text={t}&agent_id={a}&limit=10",
                "I am still waiting for my money to be returned, the assistant claimed it had been paid out", AGENT);

        assertThat(answer.get("model")).isEqualTo("bge-small-en-v1.5");
        List<Map<String, Object>> near = list(answer, "failures");
        assertThat(near).hasSize(10);
        assertThat(near).extracting(f -> ((Number) f.get("similarity")).doubleValue()).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(near).filteredOn(f -> Integer.valueOf(0).equals(scenario.modeOf.get((String) f.get("feedback_id"))))
                .as("failures of the refund mode").hasSizeGreaterThanOrEqualTo(8);
        assertThat(near).filteredOn(f -> f.get("cluster_id") != null).as("failures in a mode, with its label")
                .hasSizeGreaterThanOrEqualTo(8).allSatisfy(f -> assertThat((String) f.get("cluster_label")).isNotBlank());
    }

    @Test
    void similarFailuresOfAStoredFailureLeaveItOut() {
        String id = scenario.modeOf.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey).sorted()
                .findFirst().orElseThrow();

        List<Map<String, Object>> near = list(get("/api/v1/analytics/failures/similar?feedback_id={f}&limit=5", id), "failures");

        assertThat(near).hasSize(5).noneMatch(f -> id.equals(f.get("feedback_id")));
        assertThat(near).filteredOn(f -> Integer.valueOf(2).equals(scenario.modeOf.get((String) f.get("feedback_id"))))
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void similarFailuresNeedExactlyOneOfTextAndFeedbackIdAndAKnownFailure() {
        for (String[] bad : List.of(
                new String[]{"/api/v1/analytics/failures/similar", "text"},
                new String[]{"/api/v1/analytics/failures/similar?text=refund&feedback_id=fb-1", "text"},
                new String[]{"/api/v1/analytics/failures/similar?text=refund&limit=0", "limit"},
                new String[]{"/api/v1/analytics/failures/similar?text=refund&limit=many", "limit"},
                new String[]{"/api/v1/analytics/failures/similar?text=refund&agent_id=a%20b", "agent_id"})) {
            reader.get().uri(java.net.URI.create("http://127.0.0.1:" + port + bad[0])).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(bad[1]);
        }
        reader.get().uri("/api/v1/analytics/failures/similar?feedback_id=no-such-feedback").exchange()
                .expectStatus().isNotFound();
        client("writer-secret-0000001").get().uri("/api/v1/analytics/failures/similar?text=refund").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void readingClustersNeedsTheAnalyticsScope() {
        client("writer-secret-0000001").get().uri("/api/v1/analytics/clusters").exchange().expectStatus().isForbidden();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/analytics/clusters/report").exchange().expectStatus().isUnauthorized();
    }

    private long countClusterEvents() {
        long count = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                count += stream.nextAvailable().getPayload() instanceof FailureClusterEvent ? 1 : 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return count;
    }
}
