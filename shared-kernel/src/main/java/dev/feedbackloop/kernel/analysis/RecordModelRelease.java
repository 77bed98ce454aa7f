package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** A new version of the agent's model was released: the rules on {@code model_version_released} are met for it. */
public record RecordModelRelease(String agentId, String version, Instant releasedAt,
                                 List<String> rules) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
