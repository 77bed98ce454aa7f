package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Records that a run found the cluster merged into another; a cluster already ended ignores it. */
public record MergeFailureCluster(String clusterId, String agentId, String intoClusterId, Instant at) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.failureCluster(clusterId);
    }
}
