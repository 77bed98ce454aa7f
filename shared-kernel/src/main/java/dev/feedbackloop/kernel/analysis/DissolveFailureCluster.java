package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Records that a run found nothing continuing the cluster: its members no longer form one. */
public record DissolveFailureCluster(String clusterId, String agentId, Instant at) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.failureCluster(clusterId);
    }
}
