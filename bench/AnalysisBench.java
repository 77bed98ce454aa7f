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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Analysis benchmarks against a running platform on loopback (bounded: every phase has a count or time cap and
 * every request a timeout). Phases, run in the order given:
 * <pre>
 *   load     post COUNT feedback in batches, paced at RATE/s, event times spread over SPAN_DAYS up to now
 *   lag      the same load, while a probe posts one feedback for a fresh agent every 500 ms and polls
 *            /api/v1/analytics/summary for it: the time from the post's answer to the metric showing it
 *   query    /summary and /daily over the whole span, REPEAT times each: median and p90 latency
 *   rebuild  reset the analysis projections and time their replay to the head of the event store
 *   settle   wait until every event processor has passed the position of a probe feedback posted now
 *   rebuild-all  reset every read model at once (the processing groups of the *Projection classes: not sagas,
 *            watches or outboxes, whose replay would act again) and time until all have passed the head
 * </pre>
 * java bench/AnalysisBench.java URL KEY_FILE PHASES COUNT RATE [SPAN_DAYS] [REPEAT]
 */
public class AnalysisBench {

    static final int BATCH = 500;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String[] AGENTS = {"support-bot", "billing-bot", "sales-bot"};
    static final String[] VERSIONS = {"1.0", "1.1", "2.0"};
    static final String[] INTENTS = {"billing", "refunds", "shipping", "account", "cancellation", "technical", "sales", "other"};
    static final String[] TOOLS = {"crm_lookup", "order_api", "kb_search", "refund_api"};

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String url;
    final String key;

    AnalysisBench(String url, String key) {
        URI uri = URI.create(url);
        if (!List.of("127.0.0.1", "localhost", "::1", "[::1]").contains(uri.getHost())) {
            throw new IllegalArgumentException("loopback targets only, not " + uri.getHost());
        }
        this.url = url;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/AnalysisBench.java URL KEY_FILE load,lag,query,rebuild,settle,rebuild-all [COUNT RATE] [SPAN_DAYS] [REPEAT]");
            System.exit(2);
        }
        AnalysisBench bench = new AnalysisBench(args[0], Files.readAllLines(Path.of(args[1])).get(0).trim());
        long count = args.length > 3 ? Math.min(Long.parseLong(args[3]), 2_000_000) : 0;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int spanDays = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        int repeat = args.length > 6 ? Integer.parseInt(args[6]) : 20;
        for (String phase : args[2].split(",")) {
            switch (phase) {
                case "load" -> bench.load(count, rate, spanDays, null);
                case "lag" -> bench.lag(count, rate);
                case "query" -> bench.query(spanDays, repeat);
                case "rebuild" -> bench.rebuild();
                case "settle" -> bench.settle();
                case "rebuild-all" -> bench.rebuildAll();
                default -> throw new IllegalArgumentException("unknown phase " + phase);
            }
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String feedback(Random r, String id, String agent, Instant at) {
        int rating = 1 + r.nextInt(5);
        return ("{\"feedback_id\":\"%s\",\"trace_id\":\"tr-%s\",\"timestamp\":\"%s\",\"user_id\":\"u%d\",\"session_id\":\"s%d\","
                + "\"explicit_feedback\":{\"rating\":%d,\"thumbs\":\"%s\"},"
                + "\"implicit_signals\":{\"task_completed\":%b,\"follow_up_required\":%b,\"time_to_completion_ms\":%d,"
                + "\"retry_count\":%d,\"escalated_to_human\":%b},"
                + "\"metadata\":{\"agent_id\":\"%s\",\"agent_version\":\"%s\",\"intent_category\":\"%s\",\"tools_used\":[\"%s\"],"
                + "\"channel\":\"%s\",\"input_features\":{\"prompt_length\":%d,\"language\":\"%s\"}}}")
                .formatted(id, id, at, r.nextInt(50_000), r.nextInt(200_000), rating, rating >= 3 ? "up" : "down",
                        r.nextInt(10) < 8, r.nextInt(10) < 2, 500 + r.nextInt(20_000), r.nextInt(10) < 8 ? 0 : 1 + r.nextInt(3),
                        r.nextInt(20) == 0, agent, VERSIONS[r.nextInt(VERSIONS.length)], INTENTS[r.nextInt(INTENTS.length)],
                        TOOLS[r.nextInt(TOOLS.length)], r.nextBoolean() ? "web" : "email", 20 + r.nextInt(2000),
                        r.nextInt(4) == 0 ? "de" : "en");
    }

    /** Posts count feedback in batches of 500 paced at rate/s; with spanDays, event times are spread over that span. */
    void load(long count, int rate, Integer spanDays, AtomicBoolean done) throws Exception {
        Random r = new Random(42);
        String run = Long.toString(System.nanoTime(), 36);
        Instant now = Instant.now().minusSeconds(1);
        long spanSeconds = spanDays == null ? 0 : spanDays * 86_400L;
        long started = System.nanoTime();
        long sent = 0;
        long errors = 0;
        while (sent < count && System.nanoTime() - started < Duration.ofMinutes(30).toNanos()) {
            int n = (int) Math.min(BATCH, count - sent);
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                long k = sent + i;
                Instant at = spanSeconds == 0 ? Instant.now().minusMillis(100)
                        : now.minusSeconds(spanSeconds - (spanSeconds * k / count));
                body.append(i == 0 ? "" : ",").append(feedback(r, run + "-" + k, AGENTS[r.nextInt(AGENTS.length)], at));
            }
            HttpResponse<String> response = send("POST", "/api/v1/feedback/batch", body.append(']').toString());
            if (response.statusCode() != 200) {
                errors++;
                System.err.println("batch answered " + response.statusCode() + ": " + response.body().substring(0, Math.min(200, response.body().length())));
            }
            sent += n;
            long due = started + sent * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("load: %d feedback in %.1f s = %.0f/s (target %d/s), %d failed batches%n", sent, seconds, sent / seconds, rate, errors);
        if (done != null) {
            done.set(true);
        }
    }

    void lag(long count, int rate) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread loader = new Thread(() -> {
            try {
                load(count, rate, null, done);
            } catch (Exception e) {
                e.printStackTrace();
                done.set(true);
            }
        });
        loader.start();
        List<Long> lags = new ArrayList<>();
        Random r = new Random(7);
        int probe = 0;
        Pattern total = Pattern.compile("\"total_feedback\":(\\d+)");
        while (!done.get()) {
            Thread.sleep(500);
            String agent = "probe-" + Long.toString(System.nanoTime(), 36) + "-" + probe++;
            Instant at = Instant.now().minusMillis(50);
            HttpResponse<String> posted = send("POST", "/api/v1/feedback", feedback(r, agent, agent, at));
            long acked = System.nanoTime();
            if (posted.statusCode() / 100 != 2) {
                System.err.println("probe answered " + posted.statusCode());
                continue;
            }
            Instant hour = at.truncatedTo(ChronoUnit.HOURS);
            String query = "/api/v1/analytics/summary?agent_id=" + agent + "&start=" + hour + "&end=" + hour.plus(Duration.ofHours(1));
            while (System.nanoTime() - acked < Duration.ofSeconds(60).toNanos()) {
                Matcher m = total.matcher(send("GET", query, null).body());
                if (m.find() && Long.parseLong(m.group(1)) == 1) {
                    lags.add((System.nanoTime() - acked) / 1_000_000);
                    break;
                }
                Thread.sleep(20);
            }
        }
        loader.join();
        Collections.sort(lags);
        System.out.printf("lag (ack to visible in analysis metrics), %d probes: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                lags.size(), pct(lags, 0.5), pct(lags, 0.9), pct(lags, 0.99), lags.isEmpty() ? -1 : lags.get(lags.size() - 1));
    }

    void query(int spanDays, int repeat) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofDays(spanDays + 1));
        String from = start.toString().substring(0, 10);
        String to = end.toString().substring(0, 10);
        for (String path : List.of("/api/v1/analytics/summary?start=" + start + "&end=" + end,
                "/api/v1/analytics/summary?start=" + start + "&end=" + end + "&agent_id=support-bot&intent_category=billing",
                "/api/v1/analytics/daily?from=" + from + "&to=" + to,
                "/api/v1/analytics/daily?from=" + from + "&to=" + to + "&group_by=agent_id,intent_category")) {
            List<Long> times = new ArrayList<>();
            String body = "";
            for (int i = 0; i < repeat + 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = send("GET", path, null);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                body = response.body();
                if (i >= 3) {
                    times.add(ms);
                }
            }
            Collections.sort(times);
            Matcher m = Pattern.compile("\"total_feedback\":(\\d+)").matcher(body);
            System.out.printf("query %s: median %d ms, p90 %d ms (%s)%n", path.replaceAll("\\?.*", ""), pct(times, 0.5),
                    pct(times, 0.9), m.find() ? "total_feedback " + m.group(1) : body.length() + " bytes");
        }
    }

    /** Resets each analysis projection in turn and times its replay up to the head of the event store. */
    void rebuild() throws Exception {
        List<String> projections = List.of("analysis-metrics", "analysis-feedback-search", "analysis-agent-catalog", "analysis-monitors");
        for (String p : projections) {
            long head = positions(p).stream().mapToLong(Long::longValue).max().orElse(0);
            long t0 = System.nanoTime();
            HttpResponse<String> reset = send("POST", "/api/v1/admin/projections/" + p + "/reset", null);
            if (reset.statusCode() / 100 != 2) {
                System.err.println("reset of " + p + " answered " + reset.statusCode() + " " + reset.body());
                continue;
            }
            // Axon keeps "replaying" until an event newer than the reset arrives: wait for the positions instead
            while (System.nanoTime() - t0 < Duration.ofMinutes(30).toNanos()) {
                Thread.sleep(100);
                List<Long> positions = positions(p);
                if (!positions.isEmpty() && positions.stream().allMatch(position -> position >= head)) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("rebuild %s: %d events in %.1f s = %.0f events/s%n", p, head, seconds, head / seconds);
        }
    }

    /** The read models: the processing groups of the *Projection classes (sagas, watches and outboxes act on replay). */
    static final List<String> READ_MODELS = List.of("analysis-agent-catalog", "analysis-failure-clusters",
            "analysis-failures", "analysis-feedback-search", "analysis-metrics", "analysis-model-versions",
            "analysis-monitors", "analysis-operations", "analysis-releases", "analysis-version-approvals",
            "assessment-view", "feedback-interactions", "feedback-view", "trigger-alerts", "trigger-cycle-agents",
            "trigger-cycle-data", "trigger-cycles", "trigger-evaluation-runs", "trigger-incidents",
            "trigger-judge-agreement", "trigger-judge-pairs", "trigger-pipeline-runs", "trigger-stream-watch",
            "trigger-test-cases", "trigger-tickets");

    /** Posts a probe feedback and returns the event position its answer's consistency token names. */
    long probePosition() throws Exception {
        String id = "probe-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> posted = send("POST", "/api/v1/feedback", feedback(new Random(), id, "support-bot", Instant.now().minusMillis(50)));
        String token = posted.headers().firstValue("X-Consistency-Token")
                .orElseThrow(() -> new IllegalStateException("the probe got no consistency token: " + posted.statusCode()));
        return Long.parseLong(token.substring(1));
    }

    /** Every processor and the lowest position of its segments (absent while it has none). */
    Map<String, Long> lowestPositions() throws Exception {
        String status = send("GET", "/api/v1/admin/projections", null).body();
        Map<String, Long> lowest = new TreeMap<>();
        Matcher names = Pattern.compile("\"name\":\"([^\"]+)\"").matcher(status);
        List<Integer> starts = new ArrayList<>();
        List<String> found = new ArrayList<>();
        while (names.find()) {
            starts.add(names.start());
            found.add(names.group(1));
        }
        for (int i = 0; i < found.size(); i++) {
            String mine = status.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : status.length());
            Matcher m = Pattern.compile("\"position\":(\\d+)").matcher(mine);
            Long min = null;
            while (m.find()) {
                long p = Long.parseLong(m.group(1));
                min = min == null ? p : Math.min(min, p);
            }
            lowest.put(found.get(i), min);
        }
        return lowest;
    }

    /** Waits (at most 30 minutes) until every processor has passed a probe posted now; prints how long that took. */
    void settle() throws Exception {
        long head = probePosition();
        long t0 = System.nanoTime();
        Map<String, Long> lowest = Map.of();
        while (System.nanoTime() - t0 < Duration.ofMinutes(30).toNanos()) {
            lowest = lowestPositions();
            if (!lowest.isEmpty() && lowest.values().stream().allMatch(p -> p != null && p >= head)) {
                System.out.printf("settled: every processor (%d) passed position %d after %.1f s%n", lowest.size(), head,
                        (System.nanoTime() - t0) / 1e9);
                return;
            }
            Thread.sleep(500);
        }
        System.out.println("not settled within 30 minutes: " + lowest);
    }

    /** Resets every read model at once and prints when each, and all, passed the head of the store. */
    void rebuildAll() throws Exception {
        settle();
        long head = probePosition();
        Thread.sleep(2_000);
        long t0 = System.nanoTime();
        // all at once: each reset waits for its processor to stop (about a second)
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> resets = new ArrayList<>();
        for (String p : READ_MODELS) {
            resets.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/projections/" + p + "/reset"))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < resets.size(); i++) {
            HttpResponse<String> reset = resets.get(i).get();
            if (reset.statusCode() / 100 != 2) {
                throw new IllegalStateException("reset of " + READ_MODELS.get(i) + " answered " + reset.statusCode() + " " + reset.body());
            }
        }
        double resetSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> done = new TreeMap<>();
        while (done.size() < READ_MODELS.size() && System.nanoTime() - t0 < Duration.ofMinutes(60).toNanos()) {
            Thread.sleep(500);
            Map<String, Long> lowest = lowestPositions();
            for (String p : READ_MODELS) {
                Long position = lowest.get(p);
                if (!done.containsKey(p) && position != null && position >= head) {
                    done.put(p, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e ->
                System.out.printf("  %-28s %7.1f s  %,9.0f events/s%n", e.getKey(), e.getValue(), head / e.getValue()));
        System.out.printf("rebuild of all %d read models (%d done): %d events in %.1f s = %.0f events/s (resets took %.1f s)%n",
                READ_MODELS.size(), done.size(), head, seconds, head / seconds, resetSeconds);
    }

    /** The positions of a processor's segments (none while it is starting). */
    List<Long> positions(String processor) throws Exception {
        String status = send("GET", "/api/v1/admin/projections", null).body();
        int at = status.indexOf("\"name\":\"" + processor + "\"");
        int next = status.indexOf("\"name\":", at + 10);
        String mine = status.substring(at, next < 0 ? status.length() : next);
        List<Long> positions = new ArrayList<>();
        Matcher m = Pattern.compile("\"position\":(\\d+)").matcher(mine);
        while (m.find()) {
            positions.add(Long.parseLong(m.group(1)));
        }
        return positions;
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
