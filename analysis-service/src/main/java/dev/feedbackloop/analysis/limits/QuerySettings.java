package dev.feedbackloop.analysis.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The analysis read side's limits ({@code platform.queries.*}, e.g. {@code PLATFORM_QUERIES_MAX_TIME=10s}).
 *
 * @param maxTime how long one query (a search, a summary, a drift history...) may take in the read-model store,
 *                from its first read to its last; MongoDB stops the query there ({@code maxTimeMS}), and the
 *                request is answered 503 {@code QUERY_TIMEOUT}
 */
@ConfigurationProperties("platform.queries")
public record QuerySettings(@DefaultValue("5s") Duration maxTime) {

    public static final Duration SHORTEST = Duration.ofMillis(10);
    public static final Duration LONGEST = Duration.ofMinutes(10);
    public static final QuerySettings DEFAULTS = new QuerySettings(Duration.ofSeconds(5));

    public QuerySettings {
        if (maxTime.compareTo(SHORTEST) < 0 || maxTime.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("platform.queries.max-time must be between 10ms and 10m, was " + maxTime);
        }
    }
}
