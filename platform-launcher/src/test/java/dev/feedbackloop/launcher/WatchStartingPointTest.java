package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch new to a store that already holds history (an upgrade that adds one) starts at the head of the event
 * stream: the releases of the past meet no condition, so the incident saga raises no alert for them.
 */
class WatchStartingPointTest {

    static final String WATCH = "analysis-model-release-watch";

    @Test
    void aWatchNewToAStoreWithHistoryMeetsConditionsOnlyForReleasesAfterItStarted() throws Exception {
        Path dataDir = TestDatabases.newDataDir("watch-start");
        // The first platform has no rule on model releases: the watch there records nothing.
        Path rules = dataDir.resolve("no-release-rules.yaml");
        Files.createDirectories(dataDir);
        Files.writeString(rules, """
                automated_triggers:
                  - name: "paused_only"
                    condition:
                      event: "release_rollout_paused"
                    actions:
                      - type: "trigger_evaluation"
                        dataset: "production_sample"
                """);
        try (PlatformProcess platform = new PlatformProcess(dataDir, List.of("--platform.rules.file=" + rules))) {
            platform.start();
            HttpResponse<String> first = release(platform, "1.0.0");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> get(platform, "/api/v1/models/watch-bot/versions")
                    .body().contains("1.0.0"));
        }
        // As if the watch had never run on this store.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("event-store"), "sa", "");
             PreparedStatement delete = db.prepareStatement("DELETE FROM TokenEntry WHERE processorName = ?")) {
            delete.setString(1, WATCH);
            assertThat(delete.executeUpdate()).isPositive();
        }

        try (PlatformProcess platform = new PlatformProcess(dataDir, List.of())) {
            platform.start();
            assertThat(release(platform, "2.0.0").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> conditions(platform).contains("\"2.0.0\""));
            assertThat(conditions(platform)).contains("model_update_available").doesNotContain("\"1.0.0\"");
        }
    }

    private static HttpResponse<String> release(PlatformProcess platform, String version) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.baseUrl() + "/api/v1/models/watch-bot/versions"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + platform.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\": \"" + version + "\", \"released_at\": \""
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String conditions(PlatformProcess platform) throws Exception {
        return get(platform, "/api/v1/analytics/conditions?agent_id=watch-bot").body();
    }

    private static HttpResponse<String> get(PlatformProcess platform, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + platform.apiKey())
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
