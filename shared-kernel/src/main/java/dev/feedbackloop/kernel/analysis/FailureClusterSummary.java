package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.List;

/**
 * A failure cluster as it stands. {@code trend} compares its last two sizes (growing, stable or shrinking);
 * {@code state} is active, resolved, merged or split; {@code topIntents} and {@code topAgentVersions} count the
 * members of its latest run. {@code endedAt}, {@code resolution} (quiet or dissolved), {@code mergedInto} and
 * {@code splitInto} say how it ended, if it did.
 */
public record FailureClusterSummary(String clusterId, String agentId, String label, List<String> topTerms, int size,
                                    int sizeLast24h, String trend, List<CountedValue> topIntents,
                                    List<CountedValue> topAgentVersions, Instant firstSeen, Instant lastSeen,
                                    String state, Instant discoveredAt, Instant endedAt, String resolution,
                                    String mergedInto, List<String> splitInto, String splitFrom) {
}
