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
 * @param fromHistory whether the saga, the first time it runs, acts on every condition already in the event store
 *                    (true) or only on those recorded from then on (false, the default)
 */
@ConfigurationProperties("platform.incidents")
public record IncidentSettings(@DefaultValue("7d") Duration timeout, @DefaultValue("0s") Duration coolDown,
                               @DefaultValue("false") boolean fromHistory) {

    public IncidentSettings {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("platform.incidents.timeout must be positive, was " + timeout);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("platform.incidents.cool-down must not be negative, was " + coolDown);
        }
    }
}
