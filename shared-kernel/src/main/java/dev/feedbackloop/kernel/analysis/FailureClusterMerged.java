package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The cluster's members went mostly into another cluster, which carries on; this one ends. */
@Revision("1")
public record FailureClusterMerged(String clusterId, String agentId, String intoClusterId, Instant at)
        implements FailureClusterEvent {
}
