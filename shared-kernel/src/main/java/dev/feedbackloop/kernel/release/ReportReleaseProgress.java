package dev.feedbackloop.kernel.release;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The pipeline tells what it did; {@code percentage} is the new traffic share for {@link Action#PROMOTED}. */
public record ReportReleaseProgress(String releaseId, Action action, Integer percentage,
                                    String note, Instant reportedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.release(releaseId);
    }

    public enum Action { PROMOTED, ROLLED_BACK, PAUSED, RESUMED }
}
