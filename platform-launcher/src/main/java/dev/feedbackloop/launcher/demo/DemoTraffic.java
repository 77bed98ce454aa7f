package dev.feedbackloop.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the {@link DemoScenario} to this platform through its public API, as agents would: first
 * {@code platform.demo.days} of history (feedback batches, OTLP/JSON trace exports, judge and human assessments), then
 * live traffic every {@code platform.demo.live-interval}. Only with {@code platform.demo.enabled} (the {@code --demo}
 * command line flag); each request has a timeout and a few retries, and a failure is logged, never fatal.
 */
@Component
@ConditionalOnProperty("platform.demo.enabled")
public class DemoTraffic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final int BATCH = 500;

    private final DemoScenario scenario;
    private final Clock clock;
    private final Environment environment;
    private final String key;
    private final int days;
    private final int perHour;
    private final Duration liveInterval;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sent = new AtomicLong();
    private volatile Thread worker;
    private volatile boolean backfilled;

    public DemoTraffic(Clock clock, Environment environment,
                       @Value("${platform.demo.api-key}") String key,
                       @Value("${platform.demo.days:21}") int days,
                       @Value("${platform.demo.feedback-per-hour:12}") int perHour,
                       @Value("${platform.demo.live-interval:10s}") Duration liveInterval,
                       @Value("${platform.demo.seed:42}") long seed) {
        if (days < 1 || days > 90) {
            throw new IllegalArgumentException("platform.demo.days must be from 1 to 90, was " + days);
        }
        if (perHour < 1 || perHour > 1000) {
            throw new IllegalArgumentException("platform.demo.feedback-per-hour must be from 1 to 1000, was " + perHour);
        }
        this.scenario = new DemoScenario(seed);
        this.clock = clock;
        this.environment = environment;
        this.key = key;
        this.days = days;
        this.perHour = perHour;
        this.liveInterval = liveInterval;
    }

    /** Whether the history has been sent (the live traffic follows). */
    public boolean backfilled() {
        return backfilled;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        worker = new Thread(() -> run(base), "demo-traffic");
        worker.setDaemon(true);
        worker.start();
    }

    private void run(String base) {
        Instant anchor = clock.instant();
        Instant hour = DemoScenario.start(anchor, days);
        log.info("Demo: sending {} days of history of {} and {} to {} ...", days, DemoScenario.SUPPORT, DemoScenario.SALES, base);
        long started = System.nanoTime();
        try {
            while (hour.isBefore(anchor) && !Thread.currentThread().isInterrupted()) {
                // six hours per round: fewer, larger requests (a batch of feedback, one export per agent version)
                DemoScenario.Hour chunk = DemoScenario.Hour.empty();
                for (int i = 0; i < 6 && hour.isBefore(anchor); i++) {
                    chunk = chunk.plus(scenario.hour(hour, anchor, perHour).between(hour.minusSeconds(1), anchor));
                    hour = hour.plus(1, ChronoUnit.HOURS);
                }
                send(base, chunk);
            }
            backfilled = true;
            log.info("Demo: history sent ({} requests in {} s); live traffic every {} s. Sign in at {} with the key in"
                    + " platform.demo.api-key.", sent.get(), (System.nanoTime() - started) / 1_000_000_000L,
                    liveInterval.toSeconds(), base.replace("127.0.0.1", "localhost"));
            closeLastWeeksCycles(base, anchor);
            Instant last = anchor;
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(liveInterval.toMillis());
                Instant now = clock.instant();
                Instant h = last.truncatedTo(ChronoUnit.HOURS);
                while (!h.isAfter(now)) {
                    send(base, scenario.hour(h, anchor, perHour).between(last, now));
                    h = h.plus(1, ChronoUnit.HOURS);
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Demo traffic stopped: {}", e.toString());
        }
    }

    /**
     * Opens last week's improvement cycle of each agent once the read models have taken in the history: its phases
     * are all past, so the cycle runs them at once and closes with a measurement and a verdict (the weekly opener
     * only opens the current week, whose phases wait for their times).
     */
    private void closeLastWeeksCycles(String base, Instant now) throws InterruptedException {
        Instant until = now.plus(Duration.ofMinutes(3));
        long target = positions(base).stream().mapToLong(Long::longValue).max().orElse(0);
        while (clock.instant().isBefore(until) && positions(base).stream().anyMatch(p -> p < target)) {
            Thread.sleep(2_000);
        }
        String lastWeek = dev.feedbackloop.kernel.common.IsoWeeks.of(now.minus(Duration.ofDays(7)), java.time.ZoneOffset.UTC);
        for (String agent : List.of(DemoScenario.SUPPORT, DemoScenario.SALES)) {
            post(base + "/api/v1/cycles", Map.of("agent_id", agent, "week", lastWeek));
        }
        log.info("Demo: opened the {} cycles of {} and {}; they run their past phases and close", lastWeek,
                DemoScenario.SUPPORT, DemoScenario.SALES);
    }

    /**
     * Each projection's position in the event store (its slowest segment's). Waiting until every one has reached the
     * highest of them is waiting until all have taken in what the quickest had when the history was sent.
     */
    private List<Long> positions(String base) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/projections"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of();
            }
            List<Long> out = new java.util.ArrayList<>();
            for (var projection : json.readTree(response.body())) {
                long slowest = Long.MAX_VALUE;
                for (var segment : projection.path("segments")) {
                    slowest = Math.min(slowest, segment.path("position").asLong(0));
                }
                if (slowest != Long.MAX_VALUE) {
                    out.add(slowest);
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private void send(String base, DemoScenario.Hour hour) throws InterruptedException {
        List<Map<String, Object>> feedback = hour.feedback();
        for (int from = 0; from < feedback.size(); from += BATCH) {
            post(base + "/api/v1/feedback/batch", feedback.subList(from, Math.min(feedback.size(), from + BATCH)));
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : hour.spans().entrySet()) {
            post(base + "/v1/traces", DemoScenario.export(e.getKey(), e.getValue()));
        }
        for (DemoScenario.Assessment a : hour.assessments()) {
            post(base + "/api/v1/traces/" + URLEncoder.encode(a.traceId(), StandardCharsets.UTF_8) + "/assessments", a.body());
        }
    }

    private void post(String url, Object body) throws InterruptedException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                sent.incrementAndGet();
                int status = response.statusCode();
                if (status < 300) {
                    return;
                }
                if ((status != 503 && status != 429) || attempt >= 5) {
                    log.warn("Demo: {} answered {}: {}", url, status, abbreviate(response.body()));
                    return;
                }
            } catch (IOException e) {
                if (attempt >= 5) {
                    log.warn("Demo: {} failed: {}", url, e.toString());
                    return;
                }
            }
            Thread.sleep(500L * attempt);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null && worker.isAlive();
    }
}
