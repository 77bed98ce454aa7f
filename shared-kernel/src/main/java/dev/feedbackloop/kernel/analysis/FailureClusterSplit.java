package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Large parts of the cluster's members went into new clusters, {@code intoClusterIds}. The cluster itself carries on
 * beside them when {@code continued}, otherwise it ends.
 */
@Revision("1")
public record FailureClusterSplit(String clusterId, String agentId, List<String> intoClusterIds, boolean continued,
                                  Instant at) implements FailureClusterEvent {

    public FailureClusterSplit {
        intoClusterIds = List.copyOf(intoClusterIds);
    }
}
