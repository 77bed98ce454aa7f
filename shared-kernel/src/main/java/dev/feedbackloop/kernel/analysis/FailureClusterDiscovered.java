package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A new failure mode: a group of similar failures that continues no earlier cluster. {@code size} counts its members
 * in the run's window, {@code sizeLast24h} those of the last 24 hours before {@code discoveredAt} (the window's end,
 * event time); {@code firstSeen} and {@code lastSeen} are its earliest and latest member's times. {@code splitFrom}
 * names the cluster it split off, if any.
 */
@Revision("1")
public record FailureClusterDiscovered(String clusterId, String agentId, String label, List<String> topTerms,
                                       List<String> exemplarIds, int size, int sizeLast24h, Instant firstSeen,
                                       Instant lastSeen, String splitFrom, Instant discoveredAt)
        implements FailureClusterEvent {

    public FailureClusterDiscovered {
        topTerms = List.copyOf(topTerms);
        exemplarIds = List.copyOf(exemplarIds);
    }
}
