package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Records that a run found the cluster split into new ones (beside itself when {@code continued}). */
public record SplitFailureCluster(String clusterId, String agentId, List<String> intoClusterIds, boolean continued,
                                  Instant at) {

    public SplitFailureCluster {
        intoClusterIds = List.copyOf(intoClusterIds);
    }

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.failureCluster(clusterId);
    }
}
