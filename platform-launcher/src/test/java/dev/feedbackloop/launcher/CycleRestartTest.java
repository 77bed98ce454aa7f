package dev.feedbackloop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.common.IsoWeeks;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cycle survives a kill -9 in the middle of its week: the platform is killed right after the deep-dive, while
 * the prioritization's deadline is pending; started again, the cycle goes on from there (the phase due while it
 * was down runs at start-up) to its close, and the phases it had already done are not done again.
 */
class CycleRestartTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCycleKilledMidWeekGoesOnAfterTheRestartFromWhereItWas() throws Exception {
        Instant now = Instant.now();
        String week = IsoWeeks.of(now);
        long elapsed = Duration.between(IsoWeeks.start(week), now).toSeconds();
        // review and deep-dive are already due; the rest of the week passes once the platform has had time to start
        // (up to a minute on a loaded machine) and to be seen in its deep-dive
        List<String> args = List.of(
                "--platform.cycles.enabled=false", "--db-scheduler.polling-interval=1s",
                "--platform.cycles.review=" + Math.max(1, elapsed / 3) + "s",
                "--platform.cycles.deep-dive=" + Math.max(2, elapsed / 2) + "s",
                "--platform.cycles.prioritization=" + (elapsed + 120) + "s",
                "--platform.cycles.implementation=" + (elapsed + 125) + "s",
                "--platform.cycles.measurement=" + (elapsed + 130) + "s",
                "--platform.cycles.close=" + (elapsed + 135) + "s");
        Path dataDir = TestDatabases.newDataDir("cycle-restart");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String cycle = "/api/v1/cycles/cy-restart-bot-" + week;
        try (PlatformProcess platform = new PlatformProcess(dataDir, args)) {
            platform.start();
            String key = platform.apiKey();
            HttpResponse<String> opened = http.send(request(platform, key, "/api/v1/cycles")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\": \"restart-bot\", \"week\": \"" + week + "\"}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                    "deep_dive".equals(get(http, platform, key, cycle).path("phase").asText()));
            JsonNode beforeKill = get(http, platform, key, cycle);
            assertThat(beforeKill.path("closed_at").isNull()).isTrue();
            platform.kill();

            platform.start();
            // a deadline cut off by the kill runs again once its heartbeats have stopped for a minute
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    !get(http, platform, key, cycle).path("closed_at").isNull());
            JsonNode closed = get(http, platform, key, cycle);
            assertThat(closed.path("phase_started_at").size()).as("every phase ran").isEqualTo(5);
            for (String phase : List.of("review", "deep_dive")) {
                assertThat(closed.path("phase_started_at").path(phase).asText()).as(phase + " was not run again")
                        .isEqualTo(beforeKill.path("phase_started_at").path(phase).asText());
            }
            assertThat(closed.path("success_criteria").path("proposed").isObject()).isTrue();
        }
    }

    static HttpRequest.Builder request(PlatformProcess platform, String key, String path) {
        return HttpRequest.newBuilder(URI.create(platform.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key);
    }

    static JsonNode get(HttpClient http, PlatformProcess platform, String key, String path) throws Exception {
        HttpResponse<String> response = http.send(request(platform, key, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
