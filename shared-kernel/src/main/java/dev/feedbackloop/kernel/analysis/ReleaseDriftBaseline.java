package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Go back to the trailing reference window. */
public record ReleaseDriftBaseline(String agentId, Instant releasedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
