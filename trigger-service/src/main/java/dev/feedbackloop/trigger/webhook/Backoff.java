package dev.feedbackloop.trigger.webhook;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter: before retry n (1-based) wait a uniform random time in
 * [0, min(maxDelay, baseDelay * 2^(n-1))], so receivers that failed together are not hit again together.
 */
final class Backoff {

    private final Duration base;
    private final Duration max;
    private final LongUnaryOperator random;

    /** {@code random} answers a uniform value in [0, bound] for a bound in milliseconds. */
    Backoff(Duration base, Duration max, LongUnaryOperator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    Duration ceiling(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 40);
        long ceiling = base.toMillis() << Math.min(doublings, Long.numberOfLeadingZeros(base.toMillis()) - 1);
        return Duration.ofMillis(Math.min(ceiling, max.toMillis()));
    }

    Duration delay(int attempts) {
        return Duration.ofMillis(random.applyAsLong(ceiling(attempts).toMillis()));
    }
}
