package dev.feedbackloop.launcher.browser;

import dev.feedbackloop.launcher.PlatformApplication;
import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health page's first render with a month of data: 30 days of feedback and OpenTelemetry spans for 10 agents
 * (3 of each per agent and hour, 21,600 of each), then the page loaded afresh in headless Chromium, all agents and
 * one, five times each. A render is the time from navigation start until every tile has its value, no panel is busy
 * and the charts have drawn, as the page itself measures it. The figures go to target/benchmarks/health-page.txt and
 * to docs/dashboard.md by hand; this test asserts that the page renders the data, not how fast (a timed test on a
 * shared machine would only measure its neighbours).
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=load-admin=admin=health-load-secret-00001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthPageLoadTest {

    static final String KEY = "health-load-secret-00001";
    static final int AGENTS = 10;
    static final int DAYS = 30;
    static final int PER_HOUR = 3;
    static final int RUNS = 5;
    /** Set before the page's own scripts run: records when the page first shows every panel drawn. */
    static final String FIRST_RENDER_PROBE = """
            window.__firstRender = null;
            new MutationObserver(function () {
              if (window.__firstRender !== null) return;
              var values = document.querySelectorAll('.tile .tile-value');
              if (values.length < 6 || document.querySelectorAll('[aria-busy=true]').length > 0) return;
              if (document.querySelectorAll('.panel canvas').length < 2) return;
              for (var i = 0; i < values.length; i++) { if (values[i].textContent === '') return; }
              window.__firstRender = performance.now();
            }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
            """;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("health-load").toString());
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient api;
    Browser browser;
    final Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    void aMonthOfDataForTenAgents() throws Exception {
        api = WebTestClient.bindToServer().baseUrl(base()).responseTimeout(Duration.ofSeconds(120))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
        Random random = new Random(7);
        Instant start = end.minus(Duration.ofDays(DAYS));
        for (int a = 0; a < AGENTS; a++) {
            String agent = "load-agent-" + a;
            for (int day = 0; day < DAYS; day++) {
                List<String> feedback = new ArrayList<>();
                List<Map<String, Object>> spans = new ArrayList<>();
                for (int h = 0; h < 24; h++) {
                    Instant hour = start.plus(Duration.ofDays(day)).plus(Duration.ofHours(h));
                    for (int i = 0; i < PER_HOUR; i++) {
                        Instant at = hour.plusSeconds(random.nextInt(3600));
                        boolean ok = random.nextDouble() < 0.85;
                        String intent = List.of("billing", "refunds", "shipping").get(random.nextInt(3));
                        feedback.add("""
                                {"trace_id": "%s-%d-%d-%d", "timestamp": "%s", "user_id": "u%d",
                                 "explicit_feedback": {"rating": %d},
                                 "implicit_signals": {"task_completed": %s, "time_to_completion_ms": %d},
                                 "metadata": {"agent_id": "%s", "agent_version": "1.0", "intent_category": "%s"}}"""
                                .formatted(agent, day, h, i, at, random.nextInt(50), ok ? 4 + random.nextInt(2) : 1 + random.nextInt(2),
                                        ok, 500 + random.nextInt(5000), agent, intent));
                        spans.add(span(random, at, intent, random.nextDouble() < 0.03));
                    }
                }
                api.post().uri("/api/v1/feedback/batch").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("[" + String.join(",", feedback) + "]").exchange().expectStatus().isOk();
                api.post().uri("/v1/traces").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("resourceSpans", List.of(Map.of(
                                "resource", Map.of("attributes", List.of(attribute("service.name", agent),
                                        attribute("service.version", "1.0"))),
                                "scopeSpans", List.of(Map.of("spans", spans))))))
                        .exchange().expectStatus().isOk();
            }
        }
        long expected = (long) DAYS * 24 * PER_HOUR;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (int a = 0; a < AGENTS; a++) {
                api.get().uri("/api/v1/analytics/operations/summary?agent_id=load-agent-" + a + "&start=" + end.minus(Duration.ofDays(DAYS + 1)))
                        .exchange().expectBody().jsonPath("$.metrics.requests").isEqualTo((int) expected);
                api.get().uri("/api/v1/analytics/summary?agent_id=load-agent-" + a + "&start=" + end.minus(Duration.ofDays(DAYS + 1)))
                        .exchange().expectBody().jsonPath("$.total_feedback").isEqualTo((int) expected);
            }
        });
        browser = Browser.start();
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FIRST_RENDER_PROBE));
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static Map<String, Object> span(Random random, Instant end, String intent, boolean error) {
        long latency = 400 + (long) Math.abs(random.nextGaussian() * 900);
        long endNanos = end.getEpochSecond() * 1_000_000_000L + end.getNano();
        List<Map<String, Object>> attributes = new ArrayList<>(List.of(attribute("gen_ai.operation.name", "invoke_agent"),
                attribute("gen_ai.agent.intent", intent), attribute("gen_ai.request.model", "model-a"),
                Map.of("key", "gen_ai.usage.input_tokens", "value", Map.of("intValue", String.valueOf(200 + random.nextInt(800)))),
                Map.of("key", "gen_ai.usage.output_tokens", "value", Map.of("intValue", String.valueOf(50 + random.nextInt(400))))));
        if (error) {
            attributes.add(attribute("error.type", "tool_timeout"));
        }
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("traceId", HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong()));
        span.put("spanId", HexFormat.of().toHexDigits(random.nextLong() | 1));
        span.put("name", "invoke_agent");
        span.put("kind", 2);
        span.put("startTimeUnixNano", String.valueOf(endNanos - latency * 1_000_000L));
        span.put("endTimeUnixNano", String.valueOf(endNanos));
        span.put("attributes", attributes);
        span.put("status", Map.of("code", error ? 2 : 1));
        return span;
    }

    static Map<String, Object> attribute(String key, String value) {
        return Map.of("key", key, "value", Map.of("stringValue", value));
    }

    /** Loads the page afresh (a full navigation) and answers its first render in milliseconds. */
    double firstRender(String hash) {
        browser.driver.get(base() + "/" + hash);
        browser.driver.navigate().refresh();
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
                browser.driver.executeScript("return window.__firstRender") != null);
        return ((Number) browser.driver.executeScript("return window.__firstRender")).doubleValue();
    }

    @Test
    void theHealthPageRendersAMonthOfTenAgentsAndItsFirstRenderIsRecorded() throws Exception {
        browser.driver.get(base() + "/");
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.elementToBeClickable(By.id("api-key"))).sendKeys(KEY);
        browser.driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("nav.sidebar a[href^='#/']")).isEmpty());

        StringBuilder report = new StringBuilder("health page first render, ms (" + AGENTS + " agents, " + DAYS
                + " days, " + PER_HOUR + " feedback and spans per agent-hour)\n");
        for (String hash : List.of("#/health", "#/health?agent=load-agent-4")) {
            List<Double> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(firstRender(hash));
            }
            List<Double> sorted = runs.stream().sorted().toList();
            report.append(hash).append(": first ").append(Math.round(runs.get(0))).append(", median ")
                    .append(Math.round(sorted.get(RUNS / 2))).append(", all ").append(runs.stream().map(Math::round).toList())
                    .append('\n');
            // where the last load's time went: its API calls, slowest first
            report.append("  API calls of the last load: ").append(browser.driver.executeScript("""
                    return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))
                      .sort((a, b) => b.duration - a.duration)
                      .map(e => e.name.replace(location.origin, '').replace(/start=[^&]*&?/, '') + ' '
                        + Math.round(e.startTime) + '+' + Math.round(e.duration) + 'ms').join('; ')""")).append('\n');
            // what was measured is the page with the month's data on it
            assertThat(browser.driver.findElements(By.cssSelector(".tile .tile-value")).stream()
                    .map(e -> e.getText()).filter(t -> t.endsWith("%")).count()).as(hash + " tiles with rates").isGreaterThan(0);
            assertThat(browser.consoleErrors()).as(hash + " console").isEmpty();
        }
        browser.screenshot("health-month-ten-agents");
        Path out = Path.of("target", "benchmarks", "health-page.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
    }
}
