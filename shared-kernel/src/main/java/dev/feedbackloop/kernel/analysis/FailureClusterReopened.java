package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A resolved cluster has new members again: the failure mode came back. */
@Revision("1")
public record FailureClusterReopened(String clusterId, String agentId, int size, int sizeLast24h, Instant lastSeen,
                                     Instant at) implements FailureClusterEvent {
}
