package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A cluster's size or its size in the last 24 hours changed (it grew, or shrank as the window slid on).
 * {@code sizeLast24h} is the {@code clustered_failures} metric: members in the 24 hours before {@code at}, the end of
 * the run's window (event time). {@code exemplarIds} are the new exemplars, or null when they did not change.
 */
@Revision("1")
public record FailureClusterGrew(String clusterId, String agentId, int size, int previousSize, int sizeLast24h,
                                 List<String> exemplarIds, Instant lastSeen, Instant at) implements FailureClusterEvent {

    public FailureClusterGrew {
        exemplarIds = exemplarIds == null ? null : List.copyOf(exemplarIds);
    }
}
