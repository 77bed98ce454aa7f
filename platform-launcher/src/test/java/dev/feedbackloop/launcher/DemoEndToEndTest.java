package dev.feedbackloop.launcher;

import dev.feedbackloop.launcher.demo.DemoTraffic;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo, as {@code --demo} starts it (its properties, a shorter history: 17 days, the shortest that holds both releases
 * and 3.1 before them), tells its stories through the API: the
 * release that degraded support-bot, the fix that measured better, the input drift, the refund failure mode and the
 * incident the degradation opened, while sales-bot stays steady (no rule but a failure mode found at onboarding).
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoEndToEndTest {

    @DynamicPropertySource
    static void demo(DynamicPropertyRegistry registry) {
        PlatformApplication.demoProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("demo").toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("platform.demo.days", () -> String.valueOf(DAYS));
        registry.add("platform.monitor.evaluation-interval", () -> "2s");
        registry.add("platform.clustering.check-interval", () -> "2s");
    }

    /** The shortest history that holds both releases and 3.1 before them on any day of the week (see Releases). */
    static final int DAYS = 17;

    @Value("${local.server.port}")
    int port;
    @Autowired
    DemoTraffic demo;

    @Test
    void theDemosStoriesShowUpThroughTheApi() {
        WebTestClient api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + PlatformApplication.DEMO_KEY).build();
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(demo::backfilled);

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            double before = completion(api, "3.1");
            double degraded = completion(api, "3.2");
            double fixed = completion(api, "3.3");
            assertThat(degraded).as("3.2 degraded").isLessThan(before - 0.1);
            assertThat(fixed).as("3.3 fixed").isGreaterThan(degraded + 0.1);
            assertThat(errorRate(api, "3.2")).isGreaterThan(2 * errorRate(api, "3.1"));
        });
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            List<Map<String, Object>> drift = list(api, "/api/v1/analytics/drift?agent_id=support-bot", "features");
            assertThat(drift).anySatisfy(f -> {
                assertThat(f.get("feature")).isEqualTo("input_features.prompt_length");
                assertThat(f.get("level")).isEqualTo("significant");
            });
        });
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(list(api, "/api/v1/incidents?agent_id=support-bot", "incidents")).isNotEmpty());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(list(api, "/api/v1/analytics/clusters?agent_id=support-bot", "clusters"))
                        .anySatisfy(c -> assertThat(String.valueOf(c.get("top_terms")) + c.get("label")).contains("refund")));
        // last week's cycle ran every phase at once and closed, measuring the fix deployed that week as improved
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(list(api, "/api/v1/cycles?agent_id=support-bot", "cycles")).anySatisfy(c -> {
                    assertThat(c.get("state")).isEqualTo("closed");
                    assertThat(c.get("review")).isInstanceOf(Map.class);
                    assertThat(c.get("phase_started_at")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                            .containsKeys("review", "deep_dive", "prioritization", "implementation", "measurement");
                    assertThat(c.get("measurement")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                            .containsEntry("deployed_version", "3.3").containsEntry("previous_version", "3.2")
                            .containsEntry("verdict", "improved");
                }));
        // the steady agent: its chronic failures may form a mode at onboarding, but nothing degrades
        assertThat(list(api, "/api/v1/incidents?agent_id=sales-bot", "incidents")).as("the steady agent")
                .allSatisfy(i -> assertThat(i.get("rule")).isEqualTo("new_failure_cluster"));
    }

    private double completion(WebTestClient api, String version) {
        Map<String, Object> s = map(api, "/api/v1/analytics/summary?agent_id=support-bot&agent_version=" + version
                + "&start=" + java.time.Instant.now().minus(Duration.ofDays(DAYS)));
        return ((Number) s.get("completion_rate")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private double errorRate(WebTestClient api, String version) {
        Map<String, Object> s = map(api, "/api/v1/analytics/operations/summary?agent_id=support-bot&agent_version=" + version
                + "&start=" + java.time.Instant.now().minus(Duration.ofDays(DAYS)));
        return ((Number) ((Map<String, Object>) s.get("metrics")).get("error_rate")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(WebTestClient api, String uri, String field) {
        return (List<Map<String, Object>>) map(api, uri).get(field);
    }

    private Map<String, Object> map(WebTestClient api, String uri) {
        return api.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }
}
