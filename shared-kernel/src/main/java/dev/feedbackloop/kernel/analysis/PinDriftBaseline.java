package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Measure the agent's drift against the fixed window [from, to) from now on. */
public record PinDriftBaseline(String agentId, Instant from, Instant to, Instant pinnedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
