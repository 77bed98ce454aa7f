package dev.feedbackloop.launcher;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.feedback.FeedbackServiceApplication;
import dev.feedbackloop.improvement.ImprovementServiceApplication;
import dev.feedbackloop.kernel.common.IsoWeeks;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.trigger.TriggerServiceApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The services as they are deployed: four separate applications (here four contexts) sharing one PostgreSQL
 * event store, each with its own read-model store. Feedback posted to the feedback service reaches the analysis,
 * trigger and improvement services through the event store alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeparateServicesTest {

    static final String KEY = "ops-secret-000000000001";
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private String database;

    @BeforeAll
    void startServices() {
        database = TestDatabases.newPostgresDatabase();
        for (Class<?> service : List.of(FeedbackServiceApplication.class, AnalysisServiceApplication.class,
                TriggerServiceApplication.class, ImprovementServiceApplication.class)) {
            services.add(new SpringApplicationBuilder(service).run(
                    "--server.port=0",
                    "--platform.data-dir=" + TestDatabases.newDataDir(service.getSimpleName()),
                    "--platform.database.url=" + database,
                    "--platform.database.username=" + TestDatabases.postgresUser(),
                    "--platform.database.password=" + TestDatabases.postgresPassword(),
                    "--platform.security.api-keys=ops=admin=" + KEY,
                    "--platform.cycles.check-interval=1s"));
        }
    }

    @AfterAll
    void stopServices() {
        services.forEach(ConfigurableApplicationContext::close);
        if (database != null) {
            TestDatabases.dropPostgresDatabase(database);
        }
    }

    WebTestClient client(int service) {
        String port = services.get(service).getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @Test
    void feedbackPostedToTheFeedbackServiceReachesTheOtherServices() {
        String at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        client(0).post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"trace_id\": \"t-sep\", \"timestamp\": \"" + at + "\", \"explicit_feedback\": {\"rating\": 5},"
                        + " \"metadata\": {\"agent_id\": \"separate-bot\", \"agent_version\": \"3.0.0\", \"intent_category\": \"refunds\"}}")
                .exchange().expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client(1).get().uri("/api/v1/analytics/agents")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.agents[?(@.agent_id == 'separate-bot')].agent_versions[0]").isEqualTo("3.0.0")
                .jsonPath("$.agents[?(@.agent_id == 'separate-bot')].first_seen").isEqualTo(at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client(2).get().uri("/api/v1/triggers/status")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.last_position").value(p -> org.assertj.core.api.Assertions.assertThat(((Number) p).longValue()).isGreaterThanOrEqualTo(0)));
        // the improvement service learns the agent from its feedback and opens the agent's cycle of this week
        String cycle = "/api/v1/cycles/cy-separate-bot-" + IsoWeeks.of(Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client(3).get().uri(cycle)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.agent_id").isEqualTo("separate-bot"));
        // Each service registers only its own handlers: the analysis service knows nothing of feedback commands,
        // the trigger service nothing of cycles, the improvement service nothing of tickets.
        client(1).post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isNotFound();
        client(2).get().uri(cycle).exchange().expectStatus().isNotFound();
        client(3).get().uri("/api/v1/tickets").exchange().expectStatus().isNotFound();
    }
}
