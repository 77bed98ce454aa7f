package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record Monday's compiled review. */
public record RecordCycleReview(String cycleId, CycleReview review, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
