package dev.feedbackloop.launcher.browser;

import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.launcher.PlatformApplication;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (headless Chromium) against the platform on the embedded stores: sign in, every
 * page renders its panels from the real API without console errors, a key sees only what its scopes allow, and a
 * live panel follows new feedback without a reload. Screenshots of each page go to target/screenshots.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=ui-admin=admin=ui-admin-secret-0000001;"
                + "ui-writer=feedback:write=ui-writer-secret-000001;ui-reader=analytics:read=ui-reader-secret-000001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    static final String ADMIN = "ui-admin-secret-0000001";
    static final String WRITER = "ui-writer-secret-000001";
    static final String READER = "ui-reader-secret-000001";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("dashboard").toString());
    }

    @Value("${local.server.port}")
    int port;
    WebTestClient api;
    Browser browser;
    @Autowired
    CommandGateway commands;

    @BeforeAll
    void platformWithFeedbackAndABrowser() throws Exception {
        api = WebTestClient.bindToServer().baseUrl(base()).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + ADMIN).build();
        postFeedback(3 * 24, 6, 11);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> api.get().uri("/api/v1/analytics/summary?agent_id=ui-bot")
                .exchange().expectBody().jsonPath("$.total_feedback").value(n -> assertThat(((Number) n).intValue()).isGreaterThan(300)));
        browser = Browser.start();
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

    @Test
    void aWrongKeyIsRefusedAndTheRightOneOpensTheHealthPageWithItsPanels() throws Exception {
        signIn("not-a-key-at-all");
        WebElement error = wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(error.getText()).contains("not valid");
        assertThat(browser.consoleErrors()).as("the refused key's 401, logged by the browser").hasSize(1)
                .allMatch(e -> e.contains("/api/v1/me") && e.contains("401"));
        signIn(ADMIN);
        wait(20).until(d -> d.findElements(By.cssSelector(".tile")).size() >= 6);
        wait(20).until(d -> tileValue("Task success").endsWith("%"));
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).startsWith("Agent health");
        assertThat(browser.driver.findElements(By.cssSelector(".panel h2")).stream().map(WebElement::getText))
                .contains("Health overview", "Latency over time", "Error distribution", "Task success by intent",
                        "Token usage", "Recent alerts & incidents");
        // the task-success-by-intent chart draws on a canvas
        wait(20).until(d -> !d.findElements(By.cssSelector("[aria-label='Task success rate per intent category'] canvas")).isEmpty());
        assertThat(browser.driver.executeScript("return sessionStorage.getItem('feedbackloop.api-key')")).isEqualTo(ADMIN);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(ADMIN);
        browser.screenshot("health");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void everyPageRendersFromTheApiWithoutConsoleErrors() throws Exception {
        signIn(ADMIN);
        wait(20).until(d -> !d.findElements(By.cssSelector("nav.sidebar a[href^='#/']")).isEmpty());
        for (String page : List.of("health", "feedback", "drift", "failures", "versions", "releases", "cycle", "incidents")) {
            browser.driver.get(base() + "/#/" + page + "?agent=ui-bot");
            wait(20).until(d -> !d.findElements(By.cssSelector(".panel")).isEmpty());
            wait(20).until(d -> d.findElements(By.cssSelector("[aria-busy=true]")).isEmpty());
            assertThat(browser.driver.findElements(By.cssSelector(".panel .error"))).as(page + " panel errors").isEmpty();
            browser.screenshot(page);
            assertThat(browser.consoleErrors()).as(page + " console").isEmpty();
        }
        // the two versions of ui-bot side by side: the later half of the traffic is 1.1
        browser.driver.get(base() + "/#/versions?agent=ui-bot");
        wait(20).until(d -> d.findElements(By.cssSelector("tbody tr th[scope=row]")).size() >= 10);
        assertThat(browser.driver.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText))
                .contains("1.0", "1.1");
        wait(20).until(d -> !d.findElements(By.cssSelector("tbody tr")).get(0).findElements(By.tagName("td")).get(0)
                .getText().equals("–"));
        // a pipeline's security results block 1.1 in production: the releases page names the failing gate
        api.post().uri("/api/v1/agents/ui-bot/versions/1.1/gate-results").bodyValue(Map.of("environment", "production",
                "results", Map.of("prompt_injection_suite", Map.of("value", 0.93, "tests", 500))))
                .exchange().expectStatus().is2xxSuccessful();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.get()
                .uri("/api/v1/agents/ui-bot/versions/1.1/approval?environment=production").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("blocked"));
        browser.driver.get(base() + "/#/releases?agent=ui-bot");
        wait(20).until(d -> !d.findElements(By.cssSelector("[data-testid=approval-status]")).isEmpty()
                && d.findElement(By.cssSelector("[data-testid=approval-status]")).getText().equals("blocked"));
        assertThat(browser.driver.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText))
                .anySatisfy(row -> assertThat(row).contains("prompt_injection").contains("0.93").contains("failed"));
        browser.screenshot("releases-blocked");
        // the admin lets 1.1 into a canary against 1.0 past its gates: the release shows with its stages and decisions
        api.post().uri("/api/v1/releases").bodyValue(Map.of("agent_id", "ui-bot", "version", "1.1",
                "baseline_version", "1.0", "override", Map.of("by", "Dana Reyes", "reason", "browser test")))
                .exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.get().uri("/api/v1/releases?agent_id=ui-bot")
                .exchange().expectBody().jsonPath("$.releases.length()").isEqualTo(1));
        browser.driver.navigate().refresh();
        browser.screenshot("releases-canary-loading");
        wait(20).until(d -> !d.findElements(By.cssSelector("ol.stages li")).isEmpty());
        assertThat(browser.driver.findElement(By.tagName("main")).getText())
                .contains("1.1 against 1.0").contains("Dana Reyes").contains("Decisions");
        browser.screenshot("releases-canary");
        assertThat(browser.consoleErrors()).as("releases console").isEmpty();
        browser.driver.get(base() + "/#/feedback?agent=ui-bot");
        wait(20).until(d -> d.findElements(By.cssSelector("tbody tr")).size() > 10);
        browser.driver.findElement(By.id("filter")).sendKeys("rating <= 2");
        browser.driver.findElement(By.cssSelector("form.search button")).click();
        wait(20).until(d -> d.findElements(By.cssSelector("tbody tr")).stream()
                .allMatch(r -> r.findElements(By.tagName("td")).size() > 3
                        && List.of("1", "2").contains(r.findElements(By.tagName("td")).get(3).getText())));
        browser.screenshot("feedback-search");
    }

    @Test
    void aKeyWithoutTheReadScopeSeesNoPageAndTheDarkThemeSticks() throws Exception {
        signIn(WRITER);
        wait(20).until(d -> d.findElement(By.tagName("main")).getText().contains("may not read any page"));
        assertThat(browser.driver.findElements(By.cssSelector("nav.sidebar a[href^='#/']"))).isEmpty();
        signIn(READER);
        wait(20).until(d -> d.findElements(By.cssSelector("nav.sidebar a[href^='#/']")).size() >= 3);
        String before = (String) browser.driver.executeScript("return document.documentElement.dataset.theme");
        browser.driver.findElement(By.cssSelector("button[aria-label^='Switch to']")).click();
        // the page applies the theme after it renders, so the new one is read once it differs from the old
        wait(20).until(d -> !java.util.Objects.equals(before, browser.driver.executeScript("return document.documentElement.dataset.theme")));
        String theme = (String) browser.driver.executeScript("return document.documentElement.dataset.theme");
        browser.driver.navigate().refresh();
        wait(20).until(d -> theme.equals(browser.driver.executeScript("return document.documentElement.dataset.theme")));
        browser.screenshot("health-" + theme);
    }

    @Test
    void theHealthPageFollowsNewFeedbackWithoutAReload() throws Exception {
        signIn(ADMIN);
        browser.driver.get(base() + "/#/health?agent=ui-live");
        wait(20).until(d -> tileHint("Task success").isEmpty() || tileValue("Task success").equals("–"));
        browser.driver.executeScript("window.__sameDocument = true");
        postFeedback(1, 12, 5, "ui-live");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(tileHint("Task success")).startsWith("12 feedback"));
        assertThat(browser.driver.executeScript("return window.__sameDocument === true")).isEqualTo(true);
    }

    @Test
    void anAlertAcknowledgedInTheDashboardShowsAsAcknowledgedWithoutWaitingForThePanelsNextRefresh() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        String agent = "ui-ack-" + run;
        String alert = "al-ui-" + run;
        String title = "Refund answers failing " + run;
        Instant at = Instant.now().minusSeconds(600);
        commands.sendAndWait(new OpenIncident("in-ui-" + run, agent, "error-rate", "error_rate", Map.of(), 0.08, 0.02,
                "> 0.05", at.minusSeconds(3600), List.of(), at));
        commands.sendAndWait(new RaiseAlert(alert, "in-ui-" + run, agent, "error-rate", "ops-slack", Severity.CRITICAL,
                title, "error_rate 0.08 over 1h", null, Map.of(), at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api.get().uri("/api/v1/alerts/" + alert).exchange()
                .expectStatus().isOk());
        signIn(ADMIN);
        browser.driver.get(base() + "/#/incidents?agent=" + agent);
        wait(20).until(d -> alertRow(title) != null && alertRow(title).getText().contains("raised"));

        // the panels poll only while the page is visible: "hidden", the one reload after the action is all that can
        // show it; what the page sends is recorded, to see that reload carry the acknowledgement's consistency token
        browser.driver.executeScript("""
                Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
                window.__sent = [];
                const send = window.fetch;
                window.fetch = (url, options) => {
                  window.__sent.push({url: String(url), method: (options && options.method) || 'GET',
                                      token: (options && options.headers && options.headers['X-Consistency-Token']) || null});
                  return send(url, options);
                };""");
        alertRow(title).findElement(By.xpath(".//button[normalize-space()='Acknowledge']")).click();
        wait(15).until(d -> alertRow(title).getText().contains("acknowledged"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) browser.driver.executeScript("return window.__sent");
        int acknowledged = java.util.stream.IntStream.range(0, sent.size())
                .filter(i -> String.valueOf(sent.get(i).get("url")).endsWith("/api/v1/alerts/" + alert + "/acknowledge"))
                .findFirst().orElseThrow();
        assertThat(sent.subList(acknowledged + 1, sent.size()))
                .as("the alerts reload after the action waits for it: it carries the write's consistency token")
                .anySatisfy(request -> {
                    assertThat(String.valueOf(request.get("url"))).startsWith("/api/v1/alerts?");
                    assertThat(String.valueOf(request.get("token"))).matches("g[0-9]+");
                });
        assertThat(browser.driver.findElements(By.cssSelector(".panel .error"))).as("panel errors").isEmpty();
        assertThat(browser.consoleErrors()).as("incidents console").isEmpty();
    }

    WebElement alertRow(String title) {
        return browser.driver.findElements(By.cssSelector("tbody tr")).stream()
                .filter(row -> row.getText().contains(title)).findFirst().orElse(null);
    }

    /** Signs in from a fresh page; what the browser logged before (other tests' pages) is dropped. */
    void signIn(String key) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base() + "/");
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        WebElement input = wait(20).until(ExpectedConditions.elementToBeClickable(By.id("api-key")));
        browser.consoleErrors();
        input.sendKeys(key);
        browser.driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
    }

    String tileValue(String label) {
        return tile(label).findElement(By.className("tile-value")).getText();
    }

    String tileHint(String label) {
        List<WebElement> hint = tile(label).findElements(By.className("tile-hint"));
        return hint.isEmpty() ? "" : hint.get(0).getText();
    }

    WebElement tile(String label) {
        return browser.driver.findElements(By.className("tile")).stream()
                .filter(t -> t.findElement(By.className("tile-label")).getText().equals(label))
                .findFirst().orElseThrow();
    }

    /** A wait that looks again when the page re-rendered the element it was reading (panels refresh on their own). */
    WebDriverWait wait(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    void postFeedback(int hours, int perHour, long seed) {
        postFeedback(hours, perHour, seed, "ui-bot");
    }

    void postFeedback(int hours, int perHour, long seed, String agent) {
        Random random = new Random(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours));
        List<String> items = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < perHour; i++) {
                boolean ok = random.nextDouble() < 0.85;
                items.add("""
                        {"trace_id": "%s-%d-%d", "timestamp": "%s", "user_id": "u%d",
                         "explicit_feedback": {"rating": %d, "comment": %s},
                         "implicit_signals": {"task_completed": %s, "time_to_completion_ms": %d},
                         "metadata": {"agent_id": "%s", "agent_version": "%s", "intent_category": "%s"}}"""
                        .formatted(agent, h, i, start.plus(Duration.ofHours(h)).plusSeconds(i * 60L), random.nextInt(30),
                                ok ? 4 + random.nextInt(2) : 1 + random.nextInt(2),
                                ok ? "null" : "\"the refund never arrived\"", ok, 500 + random.nextInt(5000), agent,
                                h < hours / 2 ? "1.0" : "1.1", List.of("billing", "refunds", "shipping").get(random.nextInt(3))));
            }
        }
        for (int from = 0; from < items.size(); from += 500) {
            api.post().uri("/api/v1/feedback/batch").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("[" + String.join(",", items.subList(from, Math.min(items.size(), from + 500))) + "]")
                    .exchange().expectStatus().isOk();
        }
    }
}
