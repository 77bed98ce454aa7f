package dev.feedbackloop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelConfiguration;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform as Prometheus and an orchestrator see it: metrics on the management port only, read without a key;
 * ingestion through the real API moves the ingest counters and a held-up projection's lag gauges; every metric the
 * alert rules and the Grafana dashboard read is one the platform exports; readiness goes DOWN when the read-model
 * database is gone while liveness stays UP.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=ops-metrics-admin-secret-01", "management.server.port=9464"})
@Import(OperationsMetricsTest.Gate.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class OperationsMetricsTest {

    static final String KEY = "ops-metrics-admin-secret-01";
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path RULES = ROOT.resolve("ops/prometheus/rules.yml");
    static final Path DASHBOARDS = ROOT.resolve("ops/grafana/dashboards");
    /** The platform's own metric names; Prometheus's {@code up} and PromQL functions are not among them. */
    static final Pattern METRIC = Pattern.compile("\\b((?:feedbackloop|http_server|jvm|process)_[a-z0-9_]+)\\b");

    /** A projection that handles nothing until the test lets it: its lag can only grow meanwhile. */
    @ProcessingGroup(Gate.GROUP)
    static class Gate {
        static final String GROUP = "ops-metrics-gate";
        static final CountDownLatch OPEN = new CountDownLatch(1);

        @EventHandler
        void on(FeedbackSubmitted event) throws InterruptedException {
            OPEN.await(2, TimeUnit.MINUTES);
        }
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("ops-metrics").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Value("${local.management.port}")
    int managementPort;
    @Autowired
    ReadModelConfiguration.EmbeddedMongoHolder embeddedMongo;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    void openTheGate() {
        Gate.OPEN.countDown();
    }

    @Test
    @Order(1)
    void metricsAreServedOnTheManagementPortWithoutAKeyAndNeverOnThePublicPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> scrape = get(managementPort, "/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(scrape.body()).contains("feedbackloop_ingest_accepted_total{", "feedbackloop_otlp_spool_waiting{",
                "feedbackloop_otlp_spool_stuck{", "feedbackloop_ingest_queue_depth{application=\"",
                "queue=\"interactions-background\"");

        assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/prometheus", KEY).statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/health", KEY).statusCode()).isEqualTo(404);
        assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(200);
        assertThat(get(port, "/livez", null).statusCode()).isEqualTo(200);
        // the key is still needed there for anything but the probes and the scrape
        assertThat(get(managementPort, "/actuator/info", null).statusCode()).isEqualTo(401);
        assertThat(get(managementPort, "/actuator/info", KEY).statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        // the management port serves the actuator only, not the API
        assertThat(get(managementPort, "/api/v1/feedback/anything", KEY).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void ingestionThroughTheApiMovesTheIngestCountersAndAHeldUpProjectionsLag() throws Exception {
        double acceptedBefore = value(scrape(), "feedbackloop_ingest_accepted_total", "source=\"feedback\"");
        double invalidBefore = valueOrZero(scrape(), "feedbackloop_ingest_rejected_total",
                "source=\"feedback\"", "reason=\"invalid\"");
        double unauthenticatedBefore = valueOrZero(scrape(), "feedbackloop_ingest_rejected_total",
                "source=\"feedback\"", "reason=\"unauthenticated\"");
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES);
        for (int i = 0; i < 5; i++) {
            assertThat(postFeedback("ops-metrics-" + i, at, KEY).statusCode()).isEqualTo(202);
        }
        assertThat(post(port, "/api/v1/feedback", "{\"trace_id\": \"t-1\"}", KEY).statusCode()).isEqualTo(400);
        assertThat(postFeedback("ops-metrics-nokey", at, null).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> samples = scrape();
            assertThat(value(samples, "feedbackloop_ingest_accepted_total", "source=\"feedback\""))
                    .isEqualTo(acceptedBefore + 5);
            assertThat(value(samples, "feedbackloop_ingest_rejected_total", "source=\"feedback\"", "reason=\"invalid\""))
                    .isEqualTo(invalidBefore + 1);
            assertThat(value(samples, "feedbackloop_ingest_rejected_total", "source=\"feedback\"",
                    "reason=\"unauthenticated\"")).isEqualTo(unauthenticatedBefore + 1);
            assertThat(value(samples, "feedbackloop_processor_lag_events", group(Gate.GROUP))).isGreaterThanOrEqualTo(5);
            assertThat(value(samples, "feedbackloop_processor_lag_seconds", group(Gate.GROUP))).isGreaterThan(0.5);
            assertThat(value(samples, "feedbackloop_ingest_queue_depth", "queue=\"feedback\"")).isZero();
        });

        Gate.OPEN.countDown();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> samples = scrape();
            for (String g : List.of(Gate.GROUP, "feedback-view")) {
                assertThat(value(samples, "feedbackloop_processor_lag_events", group(g))).as(g).isZero();
                assertThat(value(samples, "feedbackloop_processor_lag_seconds", group(g))).as(g).isZero();
                assertThat(value(samples, "feedbackloop_processor_error", group(g))).as(g).isZero();
                assertThat(value(samples, "feedbackloop_dead_letters", group(g))).as(g).isZero();
            }
            assertThat(value(samples, "feedbackloop_ready")).isEqualTo(1);
            assertThat(samples).anyMatch(s -> s.startsWith("http_server_requests_seconds_count{")
                    && s.contains("uri=\"/api/v1/feedback\"") && s.contains("status=\"202\""));
        });
    }

    @Test
    @Order(3)
    void everyMetricTheAlertRulesAndTheDashboardReadIsExported() throws Exception {
        Set<String> exported = scrape().stream().map(s -> s.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        Set<String> referenced = new TreeSet<>();
        for (String expr : ruleExpressions()) {
            referenced.addAll(metricNames(expr));
        }
        assertThat(referenced).as("metrics named by the alert rules").hasSizeGreaterThanOrEqualTo(8);
        Set<String> fromDashboards = new TreeSet<>();
        for (String expr : dashboardExpressions()) {
            fromDashboards.addAll(metricNames(expr));
        }
        assertThat(fromDashboards).as("metrics named by the dashboards").hasSizeGreaterThanOrEqualTo(12);
        referenced.addAll(fromDashboards);
        assertThat(referenced).allSatisfy(name -> assertThat(exported).as("exported metrics").contains(name));
    }

    @Test
    @Order(3)
    void promtoolAcceptsTheAlertRules() throws Exception {
        boolean installed = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
        assumeThat(installed).as("promtool on the PATH (Debian: apt-get install prometheus)").isTrue();
        Process check = new ProcessBuilder("promtool", "check", "rules", RULES.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    @Order(4)
    void readinessIsDownWhileTheReadModelDatabaseIsUnreachableAndLivenessStaysUp() throws Exception {
        assertThat(get(managementPort, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        embeddedMongo.server().close();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
        });
        assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(503);
        assertThat(get(managementPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get(port, "/livez", null).statusCode()).isEqualTo(200);
        assertThat(value(scrape(), "feedbackloop_ready")).isZero();
    }

    private static String group(String name) {
        return "processing_group=\"" + name + "\"";
    }

    private List<String> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get(managementPort, "/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
    private static double value(List<String> samples, String name, String... labels) {
        List<String> matching = matching(samples, name, labels);
        assertThat(matching).as(name + " " + List.of(labels)).hasSize(1);
        return Double.parseDouble(matching.get(0).substring(matching.get(0).lastIndexOf(' ') + 1));
    }

    private static double valueOrZero(List<String> samples, String name, String... labels) {
        return matching(samples, name, labels).isEmpty() ? 0 : value(samples, name, labels);
    }

    private static List<String> matching(List<String> samples, String name, String... labels) {
        return samples.stream()
                .filter(s -> s.startsWith(name + "{") || s.startsWith(name + " "))
                .filter(s -> Stream.of(labels).allMatch(s::contains))
                .toList();
    }

    private static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                exprs.add(String.valueOf(rule.get("expr")));
            }
        }
        assertThat(exprs).isNotEmpty();
        return exprs;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (Path file : files) {
            JsonNode dashboard = json.readTree(file.toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.add(target.path("expr").asText());
                }
            }
        }
        return exprs;
    }

    private HttpResponse<String> postFeedback(String id, Instant at, String key) throws IOException, InterruptedException {
        return post(port, "/api/v1/feedback", "{\"feedback_id\": \"" + id + "\", \"trace_id\": \"t-" + id + "\","
                + " \"timestamp\": \"" + at + "\", \"explicit_feedback\": {\"rating\": 4},"
                + " \"implicit_signals\": {\"task_completed\": true},"
                + " \"metadata\": {\"agent_id\": \"ops-bot\", \"agent_version\": \"1.0\"}}", key);
    }

    private HttpResponse<String> get(int onPort, String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int onPort, String path, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
