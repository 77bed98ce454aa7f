package dev.feedbackloop.support.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an operator sets, under {@code platform.*} (environment: {@code PLATFORM_*}). Empty database and
 * Mongo URLs select the embedded stores under {@code dataDir}. Bad values stop the start-up with a message
 * that names the setting.
 */
@ConfigurationProperties("platform")
public record PlatformProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Database database,
        @DefaultValue Mongo mongo,
        @DefaultValue Security security,
        @DefaultValue Ingest ingest,
        @DefaultValue Processing processing,
        @DefaultValue Http http,
        @DefaultValue Consistency consistency) {

    /**
     * @param backgroundCommits {@code asynchronous} or {@code synchronous}: whether work nobody waits on (event
     *                          processors, the OTLP drain) commits without waiting for the disk; unset, asynchronous
     *                          on PostgreSQL and synchronous on H2, which cannot do otherwise (see
     *                          {@code BackgroundTransactions})
     */
    public record Database(String url, String username, String password,
                           @DefaultValue("16") int maxPoolSize,
                           @DefaultValue("5s") Duration connectTimeout,
                           String backgroundCommits) {
        public Database {
            require(maxPoolSize >= 1 && maxPoolSize <= 500, "platform.database.max-pool-size", "must be between 1 and 500");
            require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "platform.database.connect-timeout", "must be positive");
            if (url != null && !url.isBlank()) {
                require(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:"),
                        "platform.database.url", "must be a jdbc:postgresql: or jdbc:h2: URL, was one starting '" + url.split("[/?;@]", 2)[0] + "'");
            }
            if (backgroundCommits != null && !backgroundCommits.isBlank()) {
                require(backgroundCommits.equals("asynchronous") || backgroundCommits.equals("synchronous"),
                        "platform.database.background-commits", "must be asynchronous or synchronous, was '" + backgroundCommits + "'");
                require(backgroundCommits.equals("synchronous") || postgres(url), "platform.database.background-commits",
                        "can be asynchronous only on PostgreSQL (platform.database.url jdbc:postgresql:...); H2 commits every transaction alike");
            }
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        /** Whether background work commits without waiting for the disk (see {@code BackgroundTransactions}). */
        public boolean asynchronousBackgroundCommits() {
            return postgres(url) && (backgroundCommits == null || backgroundCommits.isBlank()
                    || backgroundCommits.equals("asynchronous"));
        }

        private static boolean postgres(String url) {
            return url != null && url.startsWith("jdbc:postgresql:");
        }
    }

    public record Mongo(String uri, @DefaultValue("feedbackloop") String database,
                        @DefaultValue("5s") Duration timeout) {
        public Mongo {
            if (uri != null && !uri.isBlank()) {
                require(uri.startsWith("mongodb://") || uri.startsWith("mongodb+srv://"),
                        "platform.mongo.uri", "must start with mongodb:// or mongodb+srv://");
            }
            require(database != null && database.matches("[A-Za-z0-9_-]{1,60}"), "platform.mongo.database",
                    "must be 1-60 letters, digits, '_' or '-'");
        }

        public boolean embedded() {
            return uri == null || uri.isBlank();
        }
    }

    /**
     * {@code apiKeys}: entries separated by ';', each {@code name=scope[,scope...]=secret}; the secret may be
     * given as {@code sha256:<hex>} so the plain key never reaches the configuration.
     */
    public record Security(String apiKeys, @DefaultValue("true") boolean createDevelopmentKey) {
    }

    public record Ingest(@DefaultValue("1000") int maxBatchItems,
                         @DefaultValue("5m") Duration maxClockSkew,
                         @DefaultValue("262144") int maxFeedbackBytes,
                         @DefaultValue("8388608") int maxBatchBytes,
                         @DefaultValue("4") int writers,
                         @DefaultValue("20000") int queueCapacity) {
        public Ingest {
            require(maxBatchItems >= 1 && maxBatchItems <= 10_000, "platform.ingest.max-batch-items", "must be between 1 and 10000");
            require(!maxClockSkew.isNegative(), "platform.ingest.max-clock-skew", "must not be negative");
            require(maxFeedbackBytes >= 1024, "platform.ingest.max-feedback-bytes", "must be at least 1024");
            require(maxBatchBytes >= maxFeedbackBytes, "platform.ingest.max-batch-bytes", "must be at least max-feedback-bytes");
            require(writers >= 1 && writers <= 64, "platform.ingest.writers", "must be between 1 and 64");
            require(queueCapacity >= 1, "platform.ingest.queue-capacity", "must be at least 1");
        }
    }

    /**
     * {@code maxClaimedSegments}: how many segments of each processor one instance may own (0 = all). With N
     * instances of a service, set it to segments / N so the work is split instead of taken by the first to start;
     * an instance that dies leaves its segments to the others after the claim timeout.
     */
    public record Processing(@DefaultValue("2") int segments, @DefaultValue("200") int batchSize,
                             @DefaultValue("0") int maxClaimedSegments) {
        public Processing {
            require(segments >= 1 && segments <= 64, "platform.processing.segments", "must be between 1 and 64");
            require(batchSize >= 1 && batchSize <= 5000, "platform.processing.batch-size", "must be between 1 and 5000");
            require(maxClaimedSegments >= 0 && maxClaimedSegments <= segments, "platform.processing.max-claimed-segments",
                    "must be between 0 (all) and platform.processing.segments");
        }

        public int claimableSegments() {
            return maxClaimedSegments == 0 ? segments : maxClaimedSegments;
        }
    }

    /**
     * The HTTP server's limits: what one client can hold of the server. {@code idleTimeout} closes a kept-alive
     * connection that sends no request; {@code headerTimeout} a request whose line and headers have not all arrived
     * that long after its first byte; {@code readTimeout} a body that goes silent that long; {@code requestTimeout}
     * a body not complete that long after its headers. {@code maxConnections} open at once (more are closed as soon
     * as they are accepted); {@code maxInitialLineLength} (method, path and query: a 10,000-character search filter
     * fits even percent-encoded) and {@code maxHeaderSize} (all header lines together) answer 414 and 431 beyond.
     */
    public record Http(@DefaultValue("60s") Duration idleTimeout,
                       @DefaultValue("10s") Duration headerTimeout,
                       @DefaultValue("20s") Duration readTimeout,
                       @DefaultValue("60s") Duration requestTimeout,
                       @DefaultValue("10000") int maxConnections,
                       @DefaultValue("32KB") DataSize maxInitialLineLength,
                       @DefaultValue("16KB") DataSize maxHeaderSize) {
        public Http {
            for (var timeout : java.util.Map.of("idle-timeout", idleTimeout, "header-timeout", headerTimeout,
                    "read-timeout", readTimeout, "request-timeout", requestTimeout).entrySet()) {
                require(timeout.getValue().toMillis() >= 100 && timeout.getValue().compareTo(Duration.ofHours(1)) <= 0,
                        "platform.http." + timeout.getKey(), "must be between 100ms and 1h, was " + timeout.getValue());
            }
            require(maxConnections >= 16 && maxConnections <= 1_000_000, "platform.http.max-connections",
                    "must be between 16 and 1000000");
            require(maxInitialLineLength.toBytes() >= 4096 && maxInitialLineLength.toBytes() <= 1024 * 1024,
                    "platform.http.max-initial-line-length", "must be between 4KB and 1MB");
            require(maxHeaderSize.toBytes() >= 4096 && maxHeaderSize.toBytes() <= 1024 * 1024,
                    "platform.http.max-header-size", "must be between 4KB and 1MB");
        }
    }

    /**
     * Read your writes: a read that presents a write's consistency token waits at most {@code maxWait} for the read
     * model behind it to pass the write's position (then 503), checking every {@code pollInterval}.
     */
    public record Consistency(@DefaultValue("5s") Duration maxWait, @DefaultValue("25ms") Duration pollInterval) {
        public Consistency {
            require(maxWait.toMillis() >= 1 && maxWait.compareTo(Duration.ofSeconds(60)) <= 0,
                    "platform.consistency.max-wait", "must be between 1ms and 60s, was " + maxWait);
            require(pollInterval.toMillis() >= 1 && pollInterval.compareTo(maxWait) <= 0,
                    "platform.consistency.poll-interval", "must be between 1ms and platform.consistency.max-wait, was "
                            + pollInterval);
        }
    }

    static void require(boolean condition, String property, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(property + " " + rule);
        }
    }
}
