package dev.feedbackloop.trigger.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How incidents end ({@code platform.incidents.*}, e.g. {@code PLATFORM_INCIDENTS_TIMEOUT=3d}).
 *
 * @param timeout  an incident still open this long after it opened (wall clock) is closed as timed_out, its saga ended
 * @param coolDown how long (wall clock) a cleared incident whose work is done stays around: the condition holding
 *                 again within it reopens the same incident instead of opening a new one (0: a new one at once)
 * @param retryDelay how long the saga waits before carrying out the rule's actions again when one failed (doubling
 *                   on each further failure)
 * @param maxAttempts how often the actions are tried before the saga gives up on them (logged as an error)
 * @param fromHistory whether the saga, the first time it runs, acts on every condition already in the event store
 *                    (true) or only on those recorded from then on (false, the default)
 */
@ConfigurationProperties("platform.incidents")
public record IncidentSettings(@DefaultValue("7d") Duration timeout, @DefaultValue("0s") Duration coolDown,
                               @DefaultValue("1m") Duration retryDelay, @DefaultValue("8") int maxAttempts,
                               @DefaultValue("false") boolean fromHistory) {

    public IncidentSettings {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("platform.incidents.timeout must be positive, was " + timeout);
        }
        if (retryDelay == null || retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("platform.incidents.retry-delay must be positive, was " + retryDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("platform.incidents.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("platform.incidents.cool-down must not be negative, was " + coolDown);
        }
    }
}
