package dev.feedbackloop.analysis.limits;

import java.time.Duration;

/** A query that used up its time before its last read. */
public class QueryTimeoutException extends RuntimeException {

    private final Duration maxTime;

    public QueryTimeoutException(Duration maxTime) {
        super("the query took longer than platform.queries.max-time (" + maxTime + ")");
        this.maxTime = maxTime;
    }

    public Duration maxTime() {
        return maxTime;
    }
}
