package dev.feedbackloop.kernel.release;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * What the evaluator found at {@code evaluatedAt} (the event time it has seen up to) for the current stage. The
 * release records it only when the decision changes.
 */
public record EvaluateCanary(String releaseId, int stagePercentage, Decision decision,
                             String trigger, List<Measurement> measurements, Instant evaluatedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.release(releaseId);
    }

    public enum Decision { PROMOTE, HOLD_INSUFFICIENT_DATA, HOLD_BORDERLINE, ROLLBACK, PAUSE }
}
