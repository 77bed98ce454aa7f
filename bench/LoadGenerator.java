import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded load generator for the feedback ingestion API (JDK only, Java 17): closed loop by default, or on a fixed
 * schedule with {@code --rate}; with {@code --freshness} it also times how soon acknowledged writes read back.
 *
 * <pre>
 *   java bench/LoadGenerator.java --url http://127.0.0.1:8080 --key-file data/dev-api-key \
 *        --mode single --duration 60s --concurrency 32 --warmup 5s
 *   java bench/LoadGenerator.java --key-file data/dev-api-key --mode batch --batch-size 500 --duration 30s
 * </pre>
 *
 * Only loopback targets are accepted (127.0.0.0/8, localhost, ::1). Every run is bounded: by --duration and/or
 * --count (whichever comes first) and never longer than {@value #HARD_CAP_SECONDS} s of measurement; every request
 * has a timeout. Requests started during the warm-up are sent but not counted. Latency is measured per request
 * with System.nanoTime over every request that got an HTTP answer; percentiles are exact (nearest rank) over the
 * measured samples. One JSON line goes to stdout at the end, a readable table to stderr.
 *
 * Exit status: 0 run finished with at least one successful measured request, 1 no successful measured request,
 * 2 bad arguments.
 */
public class LoadGenerator {

    static final long HARD_CAP_SECONDS = 600;          // longest measured window
    static final long MAX_WARMUP_SECONDS = 120;
    static final long MAX_COUNT = 50_000_000L;
    static final int MAX_CONCURRENCY = 1024;
    static final int MAX_BATCH_SIZE = 1000;
    static final int MAX_ERROR_SAMPLES = 5;
    static final double MAX_RATE = 100_000;
    static final double MAX_PROBES = 100;
    /** A probe's reads are asked again (each waits up to the platform's consistency max-wait) until this long. */
    static final long PROBE_GIVE_UP_SECONDS = 60;
    /** The pause before a probe's read is asked again after it got no answer at all. */
    static final long PROBE_RETRY_MILLIS = 250;

    // ---------------------------------------------------------------------------------------------- options

    static final class Options {
        URI url = URI.create("http://127.0.0.1:8080");
        String key;
        String mode = "single";
        String path = "/api/v1/analytics/agents";
        Long durationNanos;
        Long count;
        int concurrency = 32;
        int batchSize = 500;
        long warmupNanos = TimeUnit.SECONDS.toNanos(5);
        long timeoutMillis = 10_000;
        boolean ndjson;
        String runId;
        boolean quiet;
        double rate;        // requests per second in all; 0 = closed loop
        double probes;      // freshness probes per second; 0 = none
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = """
            usage: java bench/LoadGenerator.java [options]
              --url URL            target base URL, loopback only (default http://127.0.0.1:8080)
              --key KEY            API key (prefer --key-file: a key on the command line is visible in ps)
              --key-file PATH      file holding the API key (first line)
              --mode single|batch|get  POST /api/v1/feedback or /api/v1/feedback/batch, or GET --path (default single)
              --path /readyz       the path of get mode (default /api/v1/analytics/agents); a wrong --key measures 401s
              --duration 60s       measured duration (units ms, s, m; default 60s unless --count is given)
              --count N            measured requests to send; stops at whichever of --duration/--count comes first
              --concurrency 32     closed-loop workers (1..1024)
              --batch-size 500     feedback per batch request (1..1000, batch mode)
              --ndjson             send batches as application/x-ndjson instead of a JSON array
              --warmup 5s          warm-up before measuring (requests sent but not counted; 0 to skip)
              --timeout 10s        per-request timeout
              --run-id ID          prefix of the generated feedback ids (default: random, unique per run)
              --rate R             send R requests per second in all, on a fixed schedule (open loop; at most
                                   --concurrency in flight); latency counts from each request's scheduled time, so
                                   a platform that falls behind the schedule shows it (default 0: closed loop)
              --freshness P        P times a second, read the newest acknowledged feedback back with its
                                   consistency token (GET /api/v1/feedback/{id} and the agent's summary) and time
                                   acknowledgement to answer (single and batch modes; default 0: off)
              --quiet              no progress lines on stderr
            Hard caps: measured window <= 600s, warm-up <= 120s, count <= 50,000,000.
            """;

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        String keyFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> throw new UsageException(null);
                case "--ndjson" -> o.ndjson = true;
                case "--quiet" -> o.quiet = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("missing value for " + name);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--url" -> o.url = loopbackUrl(value);
                        case "--key" -> o.key = value.trim();
                        case "--key-file" -> keyFile = value;
                        case "--mode" -> {
                            if (!value.equals("single") && !value.equals("batch") && !value.equals("get")) {
                                throw new UsageException("--mode must be single, batch or get, was '" + value + "'");
                            }
                            o.mode = value;
                        }
                        case "--path" -> {
                            if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ')) {
                                throw new UsageException("--path must start with '/' and hold no spaces, was '" + value + "'");
                            }
                            o.path = value;
                        }
                        case "--duration" -> o.durationNanos = duration(name, value);
                        case "--count" -> o.count = number(name, value, 1, MAX_COUNT);
                        case "--concurrency" -> o.concurrency = (int) number(name, value, 1, MAX_CONCURRENCY);
                        case "--batch-size" -> o.batchSize = (int) number(name, value, 1, MAX_BATCH_SIZE);
                        case "--warmup" -> o.warmupNanos = duration(name, value);
                        case "--rate" -> o.rate = decimal(name, value, MAX_RATE);
                        case "--freshness" -> o.probes = decimal(name, value, MAX_PROBES);
                        case "--timeout" -> o.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(duration(name, value));
                        case "--run-id" -> {
                            if (!value.matches("[A-Za-z0-9_.-]{1,64}")) {
                                throw new UsageException("--run-id must be 1-64 letters, digits, '_', '.' or '-'");
                            }
                            o.runId = value;
                        }
                        default -> throw new UsageException("unknown option " + name);
                    }
                }
            }
        }
        // both bounded: a hard cap on the measured window, whatever was asked
        if (o.durationNanos == null) {
            o.durationNanos = TimeUnit.SECONDS.toNanos(o.count == null ? 60 : HARD_CAP_SECONDS);
        }
        if (o.durationNanos <= 0 || o.durationNanos > TimeUnit.SECONDS.toNanos(HARD_CAP_SECONDS)) {
            throw new UsageException("--duration must be > 0 and at most " + HARD_CAP_SECONDS + "s");
        }
        if (o.warmupNanos < 0 || o.warmupNanos > TimeUnit.SECONDS.toNanos(MAX_WARMUP_SECONDS)) {
            throw new UsageException("--warmup must be between 0 and " + MAX_WARMUP_SECONDS + "s");
        }
        if (o.timeoutMillis < 100 || o.timeoutMillis > 120_000) {
            throw new UsageException("--timeout must be between 100ms and 120s");
        }
        if (o.key != null && keyFile != null) {
            throw new UsageException("give either --key or --key-file, not both");
        }
        if (keyFile != null) {
            try {
                String text = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8).strip();
                o.key = text.lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new UsageException("cannot read --key-file " + keyFile + ": " + e);
            }
        }
        if (o.key == null || o.key.isEmpty()) {
            throw new UsageException("an API key is required (--key-file PATH or --key KEY)");
        }
        if (o.key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new UsageException("the API key must be printable ASCII without spaces");
        }
        if (o.runId == null) {
            o.runId = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        }
        return o;
    }

    /** Accepts http(s) URLs whose host is localhost, an IPv4 address in 127.0.0.0/8 or ::1; nothing else. */
    static URI loopbackUrl(String text) throws UsageException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception e) {
            throw new UsageException("--url is not a URL: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--url must be http:// or https://, was '" + text + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UsageException("--url has no host: " + text);
        }
        if (uri.getRawUserInfo() != null) {
            throw new UsageException("--url must not carry user info");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ok;
        if (bare.equalsIgnoreCase("localhost")) {
            ok = true;
            try { // localhost must really resolve to loopback only
                for (InetAddress a : InetAddress.getAllByName("localhost")) {
                    ok &= a.isLoopbackAddress();
                }
            } catch (UnknownHostException e) {
                throw new UsageException("localhost does not resolve on this machine");
            }
        } else if (bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            ok = Arrays.stream(bare.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255)
                    && bare.startsWith("127.");
        } else if (bare.contains(":") && bare.matches("[0-9A-Fa-f:]+")) {
            try { // an IPv6 literal: parsed without any name look-up
                InetAddress a = InetAddress.getByName(bare);
                ok = a.isLoopbackAddress();
            } catch (UnknownHostException e) {
                ok = false;
            }
        } else {
            ok = false;
        }
        if (!ok) {
            throw new UsageException("refusing host '" + host + "': only loopback targets are allowed"
                    + " (127.0.0.0/8, localhost, ::1)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    static long duration(String name, String value) throws UsageException {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?").matcher(value.trim());
        if (!m.matches()) {
            throw new UsageException(name + " must look like 500ms, 30s or 2m, was '" + value + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "ms" -> n * 1e6;
            case "m" -> n * 60e9;
            default -> n * 1e9;
        };
        if (nanos > 1e13) {
            throw new UsageException(name + " is too long: " + value);
        }
        return (long) nanos;
    }

    static double decimal(String name, String value, double max) throws UsageException {
        try {
            double n = Double.parseDouble(value.trim());
            if (!(n >= 0 && n <= max)) {
                throw new UsageException(name + " must be between 0 and " + max + ", was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, was '" + value + "'");
        }
    }

    static long number(String name, String value, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(value.trim().replace("_", ""));
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was '" + value + "'");
        }
    }

    // ------------------------------------------------------------------------------------------ payloads

    static final String[] INTENTS = {"billing", "shipping", "returns", "account", "technical", "other"};
    static final String[] AGENTS = {"support-bot", "sales-bot", "triage-agent"};
    static final String[] VERSIONS = {"2.3.1", "2.4.0", "3.0.0-rc1"};
    static final String[] TOOLS = {"crm_lookup", "kb_search", "order_api", "refund_api", "email_send"};
    static final String[] COMMENTS = {
            "Resolved my issue quickly.",
            "The answer was partly wrong, had to ask twice.",
            "Great, thanks!",
            "Did not understand the question about my invoice.",
            "Took a while but it worked in the end."};

    /** One feedback JSON object; every id is unique in the run (runId + global counter). */
    static String feedback(String runId, long n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Instant ts = Instant.now().minusMillis(1_000 + r.nextLong(300_000)); // 1 s .. ~5 min in the past
        int rating = 1 + r.nextInt(5);
        StringBuilder b = new StringBuilder(512);
        b.append("{\"feedback_id\":\"fb-").append(runId).append('-').append(n).append('"');
        b.append(",\"trace_id\":\"tr-").append(runId).append('-').append(n).append('"');
        b.append(",\"timestamp\":\"").append(ts).append('"');
        b.append(",\"user_id\":\"u-").append(r.nextInt(5_000)).append('"');
        b.append(",\"session_id\":\"s-").append(runId).append('-').append(n / 3).append('"');
        b.append(",\"explicit_feedback\":{\"rating\":").append(rating);
        b.append(",\"thumbs\":\"").append(rating >= 3 ? "up" : "down").append('"');
        if (r.nextInt(3) == 0) {
            b.append(",\"comment\":\"").append(COMMENTS[r.nextInt(COMMENTS.length)]).append('"');
        }
        b.append('}');
        b.append(",\"implicit_signals\":{\"task_completed\":").append(rating >= 3);
        b.append(",\"follow_up_required\":").append(r.nextInt(4) == 0);
        b.append(",\"time_to_completion_ms\":").append(500 + r.nextInt(30_000));
        b.append(",\"retry_count\":").append(r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 0);
        b.append(",\"escalated_to_human\":").append(r.nextInt(20) == 0).append('}');
        b.append(",\"metadata\":{\"agent_id\":\"").append(AGENTS[r.nextInt(AGENTS.length)]).append('"');
        b.append(",\"agent_version\":\"").append(VERSIONS[r.nextInt(VERSIONS.length)]).append('"');
        b.append(",\"intent_category\":\"").append(INTENTS[r.nextInt(INTENTS.length)]).append('"');
        b.append(",\"tools_used\":[\"").append(TOOLS[r.nextInt(TOOLS.length)]).append('"');
        if (r.nextBoolean()) {
            b.append(",\"").append(TOOLS[r.nextInt(TOOLS.length)]).append('"');
        }
        b.append("]}}");
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ results

    /** Growable array of long: one per worker, so recording needs no locking. */
    static final class LongList {
        long[] values = new long[4096];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }
    }

    static final class Stats {
        final LongAdder requests = new LongAdder();        // measured requests that finished (any outcome)
        final LongAdder ok = new LongAdder();              // measured 2xx answers
        final LongAdder itemsSent = new LongAdder();       // feedback in measured requests
        final LongAdder itemsStored = new LongAdder();     // feedback the server accepted
        final LongAdder itemsRejected = new LongAdder();   // batch items the server did not accept
        final LongAdder warmupRequests = new LongAdder();
        final LongAdder warmupErrors = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final Map<String, String> errorSamples = new ConcurrentHashMap<>();
        final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);

        void error(String kind, String sample) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (sample != null && errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.putIfAbsent(kind, sample.length() > 300 ? sample.substring(0, 300) + "..." : sample);
            }
        }

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    // ------------------------------------------------------------------------------------------ freshness

    static final Pattern FEEDBACK_ID = Pattern.compile("\"feedback_id\":\"([^\"]+)\"");
    static final Pattern AGENT_ID = Pattern.compile("\"agent_id\":\"([^\"]+)\"");

    /** An acknowledged write: one feedback of it, its agent, the answer's consistency token and when it came. */
    record Ack(String feedbackId, String agentId, String token, long acknowledgedAt) {
        static Ack of(String feedback, HttpResponse<?> response, long acknowledgedAt) {
            Matcher id = FEEDBACK_ID.matcher(feedback);
            Matcher agent = AGENT_ID.matcher(feedback);
            String token = response.headers().firstValue("X-Consistency-Token").orElse(null);
            return token == null || !id.find() || !agent.find() ? null
                    : new Ack(id.group(1), agent.group(1), token, acknowledgedAt);
        }
    }

    /** Synchronised samples in nanoseconds. */
    static final class Samples {
        private final LongList values = new LongList();

        synchronized void add(long nanos) {
            values.add(nanos);
        }

        synchronized long[] sorted() {
            long[] out = Arrays.copyOf(values.values, values.size);
            Arrays.sort(out);
            return out;
        }
    }

    /**
     * How long after its acknowledgement a write reads back: the newest acknowledged feedback is read with its
     * consistency token from the feedback view ({@code GET /api/v1/feedback/{id}}) and from its agent's summary (the
     * metrics read model); each read waits on the platform until its read model holds the write (or answers 503 after
     * the platform's max-wait, and is asked again). The time counts to the answer, so it includes the read itself.
     */
    static final class Freshness {
        final Samples view = new Samples();
        final Samples summary = new Samples();
        final Samples both = new Samples();
        final LongAdder missed = new LongAdder();
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        void probe(HttpClient client, Options o, AtomicReference<Ack> newest, long from, long until, AtomicBoolean stop) {
            long interval = (long) (1e9 / o.probes);
            Ack probed = null;
            for (long next = from; next - until < 0 && !stop.get(); next += interval) {
                for (long wait = next - System.nanoTime(); wait > 0 && !stop.get(); wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Ack ack = newest.get();
                if (ack == null || ack == probed || ack.acknowledgedAt() - from < 0) {
                    continue;
                }
                probed = ack;
                URI viewUri = URI.create(o.url + "/api/v1/feedback/" + URLEncoder.encode(ack.feedbackId(), StandardCharsets.UTF_8));
                URI summaryUri = URI.create(o.url + "/api/v1/analytics/summary?agent_id="
                        + URLEncoder.encode(ack.agentId(), StandardCharsets.UTF_8));
                CompletableFuture<Long> a = readBack(client, o, viewUri, ack.token(), ack.acknowledgedAt());
                CompletableFuture<Long> b = readBack(client, o, summaryUri, ack.token(), ack.acknowledgedAt());
                CompletableFuture<Void> done = a.thenAcceptBoth(b, (x, y) -> {
                    if (x < 0 || y < 0) {
                        missed.increment();
                    }
                    if (x >= 0) {
                        view.add(x);
                    }
                    if (y >= 0) {
                        summary.add(y);
                    }
                    if (x >= 0 && y >= 0) {
                        both.add(Math.max(x, y));
                    }
                });
                synchronized (pending) {
                    pending.add(done);
                }
            }
        }

        /** Nanoseconds from the acknowledgement to a 200 answer, or -1 when none came within the give-up time. */
        private static CompletableFuture<Long> readBack(HttpClient client, Options o, URI uri, String token, long since) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(o.timeoutMillis))
                    .header("Accept", "application/json").header("Authorization", "Bearer " + o.key)
                    .header("X-Consistency-Token", token).GET().build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> response == null ? -1 : response.statusCode())
                    .thenCompose(status -> {
                        long elapsed = System.nanoTime() - since;
                        if (status == 200) {
                            return CompletableFuture.completedFuture(elapsed);
                        }
                        if (elapsed < TimeUnit.SECONDS.toNanos(PROBE_GIVE_UP_SECONDS) && status == 503) {
                            return readBack(client, o, uri, token, since); // the platform waited its max-wait
                        }
                        if (elapsed < TimeUnit.SECONDS.toNanos(PROBE_GIVE_UP_SECONDS) && status == -1) {
                            // no answer at all: ask again after a pause, not in a tight loop
                            return CompletableFuture.supplyAsync(() -> null,
                                            CompletableFuture.delayedExecutor(PROBE_RETRY_MILLIS, TimeUnit.MILLISECONDS))
                                    .thenCompose(ignored -> readBack(client, o, uri, token, since));
                        }
                        return CompletableFuture.completedFuture(-1L);
                    });
        }

        void awaitProbes(long millis) throws InterruptedException {
            CompletableFuture<?>[] all;
            synchronized (pending) {
                all = pending.toArray(CompletableFuture[]::new);
            }
            try {
                CompletableFuture.allOf(all).get(millis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("warning: some freshness probes did not finish: " + e);
            }
        }
    }

    static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    static final Pattern REJECTED = Pattern.compile("\"rejected\"\\s*:\\s*(\\d+)");

    // ------------------------------------------------------------------------------------------ run

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.err.print(USAGE);
                System.exit(0);
            }
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    static int run(Options o) throws InterruptedException {
        boolean batch = o.mode.equals("batch");
        boolean get = o.mode.equals("get");
        int itemsPerRequest = get ? 0 : batch ? o.batchSize : 1;
        URI target = URI.create(o.url + (get ? o.path : batch ? "/api/v1/feedback/batch" : "/api/v1/feedback"));
        String contentType = batch && o.ndjson ? "application/x-ndjson" : "application/json";
        Duration timeout = Duration.ofMillis(o.timeoutMillis);

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(o.timeoutMillis, 5_000)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();

        Stats stats = new Stats();
        AtomicLong ids = new AtomicLong();
        AtomicLong measuredIssued = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        long measureStart = start + o.warmupNanos;
        long deadline = measureStart + o.durationNanos;
        long count = o.count == null ? Long.MAX_VALUE : o.count;
        LongList[] latencies = new LongList[o.concurrency];
        boolean paced = o.rate > 0;
        double intervalNanos = paced ? 1e9 / o.rate : 0;
        AtomicLong slots = new AtomicLong();
        AtomicReference<Ack> newest = new AtomicReference<>();
        Freshness freshness = new Freshness();

        System.err.printf(Locale.ROOT, "load: %s %s, concurrency %d%s, warm-up %.1fs, duration %.1fs%s, timeout %dms, run id %s%n",
                o.mode, target, o.concurrency, batch ? ", batch size " + o.batchSize + (o.ndjson ? " (ndjson)" : "") : "",
                o.warmupNanos / 1e9, o.durationNanos / 1e9, o.count == null ? "" : ", count " + o.count,
                o.timeoutMillis, o.runId);

        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < o.concurrency; w++) {
            LongList mine = new LongList();
            latencies[w] = mine;
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long now = System.nanoTime();
                    if (paced) {
                        now = start + (long) (slots.getAndIncrement() * intervalNanos);
                        if (now - deadline >= 0) {
                            break;
                        }
                        for (long wait = now - System.nanoTime(); wait > 0 && !stop.get(); wait = now - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    if (now - deadline >= 0) {
                        break;
                    }
                    boolean measured = now - measureStart >= 0;
                    if (measured && measuredIssued.incrementAndGet() > count) {
                        break;
                    }
                    String body;
                    String last = null;
                    if (get) {
                        body = null;
                    } else if (!batch) {
                        body = last = feedback(o.runId, ids.incrementAndGet());
                    } else {
                        StringBuilder sb = new StringBuilder(itemsPerRequest * 560);
                        sb.append(o.ndjson ? "" : "[");
                        for (int i = 0; i < itemsPerRequest; i++) {
                            if (i > 0) {
                                sb.append(o.ndjson ? "\n" : ",");
                            }
                            last = feedback(o.runId, ids.incrementAndGet());
                            sb.append(last);
                        }
                        sb.append(o.ndjson ? "\n" : "]");
                        body = sb.toString();
                    }
                    HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + o.key);
                    HttpRequest request = get ? builder.GET().build() : builder.header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                    long t0 = paced ? now : System.nanoTime();
                    HttpResponse<String> response = null;
                    String failure = null;
                    String failureDetail = null;
                    CompletableFuture<HttpResponse<String>> future =
                            client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    try {
                        // the request timeout covers the headers; this bound covers the body as well
                        response = future.get(o.timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        future.cancel(true);
                        failure = "timeout";
                    } catch (InterruptedException e) {
                        future.cancel(true);
                        Thread.currentThread().interrupt();
                        break;
                    } catch (ExecutionException | CancellationException e) {
                        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                        failure = kind(cause);
                        failureDetail = String.valueOf(cause);
                    }
                    long t1 = System.nanoTime();
                    stats.lastCompletion.accumulateAndGet(t1, Math::max);
                    if (!measured) {
                        stats.warmupRequests.increment();
                        if (response == null || response.statusCode() / 100 != 2) {
                            stats.warmupErrors.increment();
                        }
                        continue;
                    }
                    stats.requests.increment();
                    stats.itemsSent.add(itemsPerRequest);
                    if (response == null) {
                        stats.error(failure, failureDetail);
                        continue;
                    }
                    mine.add(t1 - t0);
                    int status = response.statusCode();
                    if (status / 100 != 2) {
                        stats.error("http_" + status, response.body());
                        continue;
                    }
                    stats.ok.increment();
                    if (get) {
                        continue;
                    }
                    if (o.probes > 0) {
                        Ack ack = Ack.of(last, response, t1);
                        if (ack != null) {
                            newest.set(ack);
                        }
                    }
                    if (!batch) {
                        stats.itemsStored.increment();
                    } else {
                        String text = response.body();
                        Matcher a = ACCEPTED.matcher(text);
                        Matcher r = REJECTED.matcher(text);
                        long accepted = a.find() ? Long.parseLong(a.group(1)) : 0;
                        long rejected = r.find() ? Long.parseLong(r.group(1)) : itemsPerRequest - accepted;
                        stats.itemsStored.add(accepted);
                        stats.itemsRejected.add(rejected);
                        if (rejected > 0) {
                            stats.errorSamples.putIfAbsent("batch_items_rejected",
                                    text.length() > 300 ? text.substring(0, 300) + "..." : text);
                        }
                    }
                }
            }, "load-" + w);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        Thread prober = null;
        if (o.probes > 0 && !get) {
            prober = new Thread(() -> freshness.probe(client, o, newest, measureStart, deadline, stop), "freshness-probe");
            prober.setDaemon(true);
            prober.start();
        }

        // progress once per second; give up on stragglers well after the last possible timeout
        long giveUp = deadline + TimeUnit.MILLISECONDS.toNanos(o.timeoutMillis + 5_000);
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long lastRequests = 0;
        boolean abandoned = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                long now = System.nanoTime();
                if (now - giveUp >= 0) {
                    abandoned = true;
                    stop.set(true);
                    break;
                }
                t.join(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(giveUp - now))));
                now = System.nanoTime();
                if (!o.quiet && now - nextReport >= 0) {
                    long done = stats.requests.sum();
                    String phase = now - measureStart < 0 ? "warm-up" : "measure";
                    System.err.printf(Locale.ROOT, "  %5.1fs %-7s requests %d (+%d), stored %d, errors %d%n",
                            (now - start) / 1e9, phase, now - measureStart < 0 ? stats.warmupRequests.sum() : done,
                            done - lastRequests, stats.itemsStored.sum(), stats.errorCount());
                    lastRequests = done;
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
            }
            if (abandoned) {
                break;
            }
        }
        stop.set(true);
        if (abandoned) {
            System.err.println("warning: some workers did not finish in time; reporting what completed");
        }
        if (prober != null) {
            prober.join(TimeUnit.SECONDS.toMillis(5));
            freshness.awaitProbes(TimeUnit.SECONDS.toMillis(PROBE_GIVE_UP_SECONDS + 15));
        }

        // measured window: from the end of the warm-up to the last completed request
        long end = Math.max(stats.lastCompletion.get(), measureStart);
        double windowSeconds = Math.max(1e-9, (end - measureStart) / 1e9);

        int n = 0;
        for (LongList l : latencies) {
            n += l.size;
        }
        long[] all = new long[n];
        int pos = 0;
        for (LongList l : latencies) {
            System.arraycopy(l.values, 0, all, pos, l.size);
            pos += l.size;
        }
        Arrays.sort(all);
        double sum = 0;
        for (long v : all) {
            sum += v;
        }

        long requests = stats.requests.sum();
        long ok = stats.ok.sum();
        long stored = stats.itemsStored.sum();
        long errorCount = stats.errorCount();
        double rps = requests / windowSeconds;
        double fps = stored / windowSeconds;
        double p50 = percentile(all, 50), p95 = percentile(all, 95), p99 = percentile(all, 99);
        double max = n == 0 ? Double.NaN : all[n - 1] / 1e6;
        double mean = n == 0 ? Double.NaN : sum / n / 1e6;
        Map<String, Long> errors = new TreeMap<>();
        stats.errors.forEach((k, v) -> errors.put(k, v.sum()));

        // readable table on stderr
        System.err.println();
        System.err.println("---------------------------------------------- load generator summary");
        row("mode", o.mode + (batch ? " (batch size " + o.batchSize + (o.ndjson ? ", ndjson" : "") + ")" : ""));
        row("target", target.toString());
        row("concurrency", String.valueOf(o.concurrency));
        row("warm-up", String.format(Locale.ROOT, "%.1f s, %d requests (%d failed), not counted",
                o.warmupNanos / 1e9, stats.warmupRequests.sum(), stats.warmupErrors.sum()));
        row("measured window", String.format(Locale.ROOT, "%.2f s", windowSeconds));
        row("requests sent", requests + " (" + ok + " ok)");
        row("feedback sent", String.valueOf(stats.itemsSent.sum()));
        row("feedback stored", stored + (batch ? " (" + stats.itemsRejected.sum() + " rejected in batches)" : ""));
        row("errors", errorCount == 0 ? "none" : errorCount + " " + errors);
        row("throughput", String.format(Locale.ROOT, "%.1f requests/s, %.1f feedback/s", rps, fps));
        row("latency (ms)", String.format(Locale.ROOT, "p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f  (n=%d)%s",
                p50, p95, p99, max, mean, n, paced ? ", from each request's scheduled time" : ""));
        if (paced) {
            row("schedule", String.format(Locale.ROOT, "%.1f requests/s asked, %.1f answered", o.rate, rps));
        }
        long[] fresh = freshness.both.sorted();
        long[] freshView = freshness.view.sorted();
        long[] freshSummary = freshness.summary.sorted();
        if (o.probes > 0 && !get) {
            row("freshness (ms)", String.format(Locale.ROOT,
                    "acknowledged to read back: p50 %.0f  p95 %.0f  p99 %.0f  max %.0f  (n=%d, not within %d s: %d)",
                    percentile(fresh, 50), percentile(fresh, 95), percentile(fresh, 99),
                    fresh.length == 0 ? Double.NaN : fresh[fresh.length - 1] / 1e6, fresh.length,
                    PROBE_GIVE_UP_SECONDS, freshness.missed.sum()));
            row("  by read model", String.format(Locale.ROOT, "feedback view p50 %.0f p99 %.0f; summary p50 %.0f p99 %.0f",
                    percentile(freshView, 50), percentile(freshView, 99), percentile(freshSummary, 50),
                    percentile(freshSummary, 99)));
        }
        stats.errorSamples.forEach((k, v) -> row("sample " + k, v.replace('\n', ' ')));
        System.err.println("----------------------------------------------------------------------");

        // one JSON line on stdout
        StringBuilder j = new StringBuilder(512);
        j.append('{');
        field(j, "mode", o.mode).append(',');
        field(j, "url", target.toString()).append(',');
        field(j, "run_id", o.runId).append(',');
        j.append("\"concurrency\":").append(o.concurrency).append(',');
        j.append("\"batch_size\":").append(batch ? o.batchSize : 1).append(',');
        j.append("\"ndjson\":").append(batch && o.ndjson).append(',');
        j.append("\"warmup_s\":").append(fmt(o.warmupNanos / 1e9)).append(',');
        j.append("\"warmup_requests\":").append(stats.warmupRequests.sum()).append(',');
        j.append("\"window_s\":").append(fmt(windowSeconds)).append(',');
        j.append("\"requests\":").append(requests).append(',');
        j.append("\"requests_ok\":").append(ok).append(',');
        j.append("\"feedback_sent\":").append(stats.itemsSent.sum()).append(',');
        j.append("\"feedback_stored\":").append(stored).append(',');
        j.append("\"feedback_rejected\":").append(stats.itemsRejected.sum()).append(',');
        j.append("\"error_count\":").append(errorCount).append(',');
        j.append("\"errors\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : errors.entrySet()) {
            if (!first) {
                j.append(',');
            }
            first = false;
            field(j, e.getKey(), null).append(e.getValue());
        }
        j.append("},");
        j.append("\"requests_per_s\":").append(fmt(rps)).append(',');
        j.append("\"feedback_per_s\":").append(fmt(fps)).append(',');
        j.append("\"latency_samples\":").append(n).append(',');
        j.append("\"p50_ms\":").append(fmt(p50)).append(',');
        j.append("\"p95_ms\":").append(fmt(p95)).append(',');
        j.append("\"p99_ms\":").append(fmt(p99)).append(',');
        j.append("\"max_ms\":").append(fmt(max)).append(',');
        j.append("\"mean_ms\":").append(fmt(mean)).append(',');
        j.append("\"abandoned\":").append(abandoned);
        if (paced) {
            j.append(",\"target_rate\":").append(fmt(o.rate));
        }
        if (o.probes > 0 && !get) {
            j.append(",\"freshness_samples\":").append(fresh.length);
            j.append(",\"freshness_missed\":").append(freshness.missed.sum());
            j.append(",\"freshness_p50_ms\":").append(fmt(percentile(fresh, 50)));
            j.append(",\"freshness_p95_ms\":").append(fmt(percentile(fresh, 95)));
            j.append(",\"freshness_p99_ms\":").append(fmt(percentile(fresh, 99)));
            j.append(",\"freshness_max_ms\":").append(fmt(fresh.length == 0 ? Double.NaN : fresh[fresh.length - 1] / 1e6));
        }
        j.append('}');
        System.out.println(j);
        System.out.flush();
        return ok > 0 ? 0 : 1;
    }

    /** Exact nearest-rank percentile over sorted nanosecond samples, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] / 1e6;
    }

    static String kind(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect_timeout";
        }
        if (t instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (t instanceof ConnectException) {
            return "connect_refused";
        }
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        return "exception_" + t.getClass().getSimpleName();
    }

    static void row(String name, String value) {
        System.err.printf(Locale.ROOT, "%-18s %s%n", name, value);
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static StringBuilder field(StringBuilder j, String name, String value) {
        j.append('"').append(escape(name)).append("\":");
        if (value != null) {
            j.append('"').append(escape(value)).append('"');
        }
        return j;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
