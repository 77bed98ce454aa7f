package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move a backlog item (0 = top). */
public record MoveBacklogItem(String cycleId, String itemId, int position, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
