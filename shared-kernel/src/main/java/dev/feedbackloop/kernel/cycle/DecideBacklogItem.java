package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Accept or drop a backlog item. */
public record DecideBacklogItem(String cycleId, String itemId, String decision, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
