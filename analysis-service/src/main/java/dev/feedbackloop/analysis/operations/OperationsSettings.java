package dev.feedbackloop.analysis.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How operational metrics are kept ({@code platform.operations.*}).
 *
 * @param minuteRetention minute slices are kept this long (event time before now); hour slices are kept for good
 * @param pruneInterval   how often (wall clock) minute slices past their retention are deleted
 */
@ConfigurationProperties("platform.operations")
public record OperationsSettings(@DefaultValue("2d") Duration minuteRetention,
                                 @DefaultValue("10m") Duration pruneInterval) {

    public OperationsSettings {
        if (minuteRetention.compareTo(Duration.ofHours(2)) < 0 || minuteRetention.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("platform.operations.minute-retention must be between 2h and 31d, was "
                    + minuteRetention);
        }
        if (pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("platform.operations.prune-interval must be positive, was " + pruneInterval);
        }
    }
}
