package dev.feedbackloop.trigger.webhook;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * What one attempt came to: the receiver's status (null when it never answered), why it failed (null when it was
 * delivered), how long the receiver asked to be left alone ({@code Retry-After}), and whether retrying is pointless.
 *
 * <p>A 2xx delivers. A 4xx answer refuses the request itself, so sending the same request again cannot succeed: it
 * fails the delivery at once, except 408 (request timeout), 425 (too early) and 429 (too many requests), which ask
 * to come back later. 410 Gone also says the receiver wants no more deliveries (the subscription is disabled).
 * Everything else (3xx, 5xx, no answer) is retried with back-off, waiting at least what {@code Retry-After} asks
 * (seconds or an HTTP date), capped at {@code platform.webhooks.max-retry-after}.
 */
record Outcome(Integer status, String error, Duration retryAfter, boolean permanent) {

    static final int MAX_ERROR_LENGTH = 500;
    private static final Set<Integer> RETRIED_4XX = Set.of(408, 425, 429);

    static Outcome error(String error) {
        return new Outcome(null, cut(error), null, false);
    }

    static Outcome refused(String error) {
        return new Outcome(null, cut(error), null, false);
    }

    static Outcome answered(int status, String retryAfterHeader, Instant now) {
        if (status >= 200 && status < 300) {
            return new Outcome(status, null, null, false);
        }
        boolean permanent = status >= 400 && status < 500 && !RETRIED_4XX.contains(status);
        String error = "the receiver answered " + status + (status == 410 ? " Gone: it wants no more deliveries"
                : permanent ? "; not retried: a 4xx answer refuses the request itself" : "");
        return new Outcome(status, error, permanent ? null : retryAfter(retryAfterHeader, now), permanent);
    }

    boolean delivered() {
        return error == null;
    }

    boolean gone() {
        return Integer.valueOf(410).equals(status);
    }

    /** {@code Retry-After} as a wait from {@code now}: delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.matches("[0-9]{1,10}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String cut(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }
}
