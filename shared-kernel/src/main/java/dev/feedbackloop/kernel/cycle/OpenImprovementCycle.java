package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open an agent's cycle for an ISO week; opening it again changes nothing. */
public record OpenImprovementCycle(String cycleId, String agentId, String week, String zone, Instant startsAt, Instant endsAt, Instant openedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.improvementCycle(cycleId);
    }
}
