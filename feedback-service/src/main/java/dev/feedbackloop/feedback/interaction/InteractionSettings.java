package dev.feedbackloop.feedback.interaction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * How interactions are taken in ({@code platform.interactions.*}, e.g. {@code PLATFORM_INTERACTIONS_PRICES_FILE}).
 *
 * @param pricesFile    the model price table (YAML, see the built-in {@value PriceTable#DEFAULT_RESOURCE});
 *                      unset for the built-in one
 * @param writers       threads storing groups of traces, each in one transaction
 * @param queueCapacity traces waiting to be stored; past it requests are refused (503, retry later)
 * @param maxGroup      traces stored in one transaction at most
 */
@ConfigurationProperties("platform.interactions")
public record InteractionSettings(Path pricesFile,
                                  @DefaultValue("4") int writers,
                                  @DefaultValue("20000") int queueCapacity,
                                  @DefaultValue("500") int maxGroup) {

    public InteractionSettings {
        if (writers < 1 || writers > 64) {
            throw new IllegalArgumentException("platform.interactions.writers must be between 1 and 64, was " + writers);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("platform.interactions.queue-capacity must be at least 1, was " + queueCapacity);
        }
        if (maxGroup < 1 || maxGroup > 10_000) {
            throw new IllegalArgumentException("platform.interactions.max-group must be between 1 and 10000, was " + maxGroup);
        }
    }
}
