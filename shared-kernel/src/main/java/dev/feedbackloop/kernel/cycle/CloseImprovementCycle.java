package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close the cycle. */
public record CloseImprovementCycle(String cycleId, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
