package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one clustering run found of a cluster, as of {@code at}, the end of the run's window (event time). The cluster
 * is discovered by its first observation; later ones record a change of size, a resolution once no member is newer
 * than {@code resolveAfter} before {@code at}, or a reopening. An observation at or before the last one recorded
 * changes nothing, so running the same window again is safe.
 */
public record ObserveFailureCluster(String clusterId, String agentId, String label, List<String> topTerms,
                                    List<String> exemplarIds, int size, int sizeLast24h, Instant firstSeen,
                                    Instant lastSeen, String splitFrom, Duration resolveAfter, Instant at) {

    public ObserveFailureCluster {
        topTerms = List.copyOf(topTerms);
        exemplarIds = List.copyOf(exemplarIds);
    }

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.failureCluster(clusterId);
    }
}
