package dev.feedbackloop.launcher;

import dev.feedbackloop.feedback.FeedbackServiceApplication;
import dev.feedbackloop.support.readmodel.ReadModelConfiguration;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Two instances of the feedback service share one PostgreSQL event store and one MongoDB (here the first
 * instance's embedded server); each owns one of the two segments of every processor, and feedback posted to
 * either instance is readable from both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTest {

    static final String KEY = "ops-secret-000000000002";
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private String database;

    @BeforeAll
    void startTwoInstances() {
        database = TestDatabases.newPostgresDatabase();
        List<String> common = List.of("--server.port=0",
                "--platform.database.url=" + database,
                "--platform.database.username=" + TestDatabases.postgresUser(),
                "--platform.database.password=" + TestDatabases.postgresPassword(),
                "--platform.security.api-keys=ops=admin=" + KEY,
                "--platform.processing.segments=2",
                "--platform.processing.max-claimed-segments=1");
        List<String> first = new ArrayList<>(common);
        first.add("--platform.data-dir=" + TestDatabases.newDataDir("scale-1"));
        instances.add(new SpringApplicationBuilder(FeedbackServiceApplication.class).run(first.toArray(String[]::new)));
        String mongo = instances.get(0).getBean(ReadModelConfiguration.EmbeddedMongoHolder.class).server().connectionString();
        List<String> second = new ArrayList<>(common);
        second.add("--platform.data-dir=" + TestDatabases.newDataDir("scale-2"));
        second.add("--platform.mongo.uri=" + mongo);
        instances.add(new SpringApplicationBuilder(FeedbackServiceApplication.class).run(second.toArray(String[]::new)));
    }

    @AfterAll
    void stop() {
        for (int i = instances.size() - 1; i >= 0; i--) {
            instances.get(i).close();
        }
        if (database != null) {
            TestDatabases.dropPostgresDatabase(database);
        }
    }

    WebTestClient client(int instance) {
        String port = instances.get(instance).getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @Test
    void theInstancesSplitTheSegmentsAndServeEachOthersFeedback() {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            for (int i = 0; i < 2; i++) {
                client(i).get().uri("/api/v1/admin/projections").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$[?(@.name == 'feedback-view')].segments.length()").isEqualTo(List.of(1))
                        .jsonPath("$[?(@.name == 'feedback-view')].segments[0].segment").isEqualTo(List.of(i == 0 ? 0 : 1));
            }
        });
        for (int n = 0; n < 20; n++) {
            client(n % 2).post().uri("/api/v1/feedback").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"feedback_id\": \"so-" + n + "\", \"trace_id\": \"so-trace\", \"explicit_feedback\": {\"rating\": 4}}")
                    .exchange().expectStatus().isAccepted();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 2; i++) {
                client(i).get().uri("/api/v1/traces/so-trace/feedback").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.feedback.length()").isEqualTo(20);
            }
        });
    }
}
