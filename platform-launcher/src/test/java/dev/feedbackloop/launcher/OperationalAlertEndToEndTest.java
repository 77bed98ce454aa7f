package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operational half of the loop on the whole platform, with the default alert matrix: interactions posted through
 * the API (back-filled, in event time) go into the operations read models, the monitor reads them at minute
 * resolution, and an error rate above 5 % for five minutes opens one critical incident whose warning level came
 * first.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=ops-alert-secret-00000001",
                "platform.monitor.evaluation-interval=1s",
                "platform.incidents.from-history=true"})
class OperationalAlertEndToEndTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("e2e-operational-alert").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void anErrorRateAboveFivePercentForFiveMinutesOpensOneCriticalIncident() {
        WebTestClient api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer ops-alert-secret-00000001").build();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(50));
        Random random = new Random(11);
        // 20 healthy minutes (1 % errors), then 20 minutes at 12 %: 30 interactions a minute
        for (int minute = 0; minute < 40; minute++) {
            double errorShare = minute < 20 ? 0.01 : 0.12;
            for (int i = 0; i < 30; i++) {
                boolean error = random.nextDouble() < errorShare;
                Map<String, Object> interaction = new java.util.HashMap<>(Map.of("trace_id", "ops-" + minute + "-" + i,
                        "agent_id", "ops-bot", "agent_version", "2.0",
                        "timestamp", start.plus(Duration.ofMinutes(minute)).plusSeconds(i * 2L).toString(),
                        "latency_ms", 400 + random.nextInt(800), "error", error, "input_tokens", 300, "output_tokens", 120));
                if (error) {
                    interaction.put("error_type", "tool_timeout");
                }
                api.post().uri("/api/v1/interactions").contentType(MediaType.APPLICATION_JSON).bodyValue(interaction)
                        .exchange().expectStatus().is2xxSuccessful();
            }
        }
        Map<String, Object> incident = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> api.get().uri("/api/v1/incidents?agent_id=ops-bot").exchange().expectStatus().isOk()
                        .expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
                        }).returnResult().getResponseBody().get("incidents").stream()
                        .filter(i -> "error_rate".equals(i.get("metric")) && "critical".equals(i.get("severity")))
                        .findFirst().orElse(null), i -> i != null);
        Instant since = Instant.parse((String) incident.get("since"));
        assertThat(since).as("the condition held from the first failing minutes")
                .isBetween(start.plus(Duration.ofMinutes(19)), start.plus(Duration.ofMinutes(27)));
        // a major degradation, not a safety breach or an agent down: P2 of 21.3.3
        assertThat(incident.get("priority")).isEqualTo("P2");
        List<Map<String, Object>> incidents = api.get().uri("/api/v1/incidents?agent_id=ops-bot").exchange()
                .expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
                }).returnResult().getResponseBody().get("incidents");
        assertThat(incidents).filteredOn(i -> "error_rate".equals(i.get("metric"))).as("warning and critical are one incident")
                .hasSize(1);
    }
}
