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

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two generated weeks through the HTTP API: in the second week one agent deploys a version that really completes
 * more tasks, another a version that changes nothing. The cycle of that week, opened through the API after the
 * fact, runs all its phases at once (their deadlines have passed) and measures the first as improved and the second
 * as no measurable change.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=cycle-admin-secret-000001",
                "platform.monitor.evaluation-interval=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImprovementCycleEndToEndTest {

    /** Monday 00:00 UTC of last week: the week measured. */
    static final LocalDate MEASURED_MONDAY = LocalDate.now(ZoneOffset.UTC).minusWeeks(1)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    static final Instant WEEK = MEASURED_MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    static final String WEEK_NAME = String.format("%d-W%02d", MEASURED_MONDAY.get(IsoFields.WEEK_BASED_YEAR),
            MEASURED_MONDAY.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    static final Duration WAIT = Duration.ofMinutes(3);

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("e2e-improvement-cycle").toString());
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient api;

    @BeforeAll
    void twoWeeksOfFeedback() {
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer cycle-admin-secret-000001").build();
        // the week before: version 1.0 completes 7 tasks in 10; last week 2.0 completes 17 in 20 (better)
        // and 1.1 still 7 in 10 (the same)
        post(twoWeeks("cycle-better", "1.0", "2.0", i -> i % 10 < 7, i -> i % 20 < 17));
        post(twoWeeks("cycle-same", "1.0", "1.1", i -> i % 10 < 7, i -> i % 10 < 7));
    }

    @Test
    void aVersionThatCompletesMoreTasksIsMeasuredAsImproved() {
        Map<String, Object> measurement = measure("cycle-better");
        assertThat(measurement.get("previous_version")).isEqualTo("1.0");
        assertThat(measurement.get("deployed_version")).isEqualTo("2.0");
        assertThat(measurement.get("verdict")).isEqualTo("improved");
        String report = api.get().uri("/api/v1/cycles/{week}/report?agent_id=cycle-better", WEEK_NAME)
                .accept(MediaType.parseMediaType("text/markdown")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(report).contains(WEEK_NAME, "improved", "2.0", "1.0");
    }

    @Test
    void aVersionThatChangesNothingIsMeasuredAsNoMeasurableChange() {
        Map<String, Object> measurement = measure("cycle-same");
        assertThat(measurement.get("deployed_version")).isEqualTo("1.1");
        assertThat(measurement.get("verdict")).isEqualTo("no_measurable_change");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> measure(String agent) {
        api.post().uri("/api/v1/cycles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("agent_id", agent, "week", WEEK_NAME)).exchange().expectStatus().isCreated();
        List<Map<String, Object>> found = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Object> cycle = api.get().uri("/api/v1/cycles/{week}?agent_id={a}", WEEK_NAME, agent).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            assertThat(cycle.get("closed_at")).as("the cycle ran all its phases").isNotNull();
            found.add((Map<String, Object>) cycle.get("measurement"));
        });
        return found.get(found.size() - 1);
    }

    interface Outcome {
        boolean completed(int index);
    }

    /** Four feedback an hour for two weeks; the new version from the measured week's Monday on. */
    static List<Map<String, Object>> twoWeeks(String agent, String before, String after, Outcome old, Outcome next) {
        List<Map<String, Object>> out = new ArrayList<>();
        Instant start = WEEK.minus(Duration.ofDays(7));
        Instant end = WEEK.plus(Duration.ofDays(5)).plus(Duration.ofHours(16));
        int index = 0;
        for (Instant at = start; at.isBefore(end); at = at.plus(Duration.ofMinutes(15))) {
            boolean deployed = !at.isBefore(WEEK);
            boolean completed = deployed ? next.completed(index) : old.completed(index);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("agent_id", agent);
            metadata.put("agent_version", deployed ? after : before);
            metadata.put("intent_category", index % 3 == 0 ? "billing" : "shipping");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("trace_id", agent + "-" + index);
            f.put("timestamp", at.plusSeconds(37).toString());
            f.put("explicit_feedback", Map.of("rating", completed ? 4 + index % 2 : 2 + index % 2));
            f.put("implicit_signals", Map.of("task_completed", completed));
            f.put("metadata", metadata);
            out.add(f);
            index++;
        }
        return out;
    }

    void post(List<Map<String, Object>> feedback) {
        for (int i = 0; i < feedback.size(); i += 500) {
            api.post().uri("/api/v1/feedback/batch").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(feedback.subList(i, Math.min(feedback.size(), i + 500))).exchange()
                    .expectStatus().isOk();
        }
    }
}
