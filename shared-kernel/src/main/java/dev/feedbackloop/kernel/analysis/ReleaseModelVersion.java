package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * Record that a version of a model was released, as a deployment pipeline announces it. Posting the same release
 * again changes nothing; the same version with another {@code releasedAt} or {@code notes} is refused.
 * {@code recordedAt} is when the platform received the announcement.
 */
public record ReleaseModelVersion(ModelId modelId, String version, Instant releasedAt,
                                  String notes, Instant recordedAt) {

    /** How far ahead of the platform's clock a release time may be (pipeline clocks drift too). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int MAX_NOTES_LENGTH = 10_000;

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.model(modelId);
    }
}
