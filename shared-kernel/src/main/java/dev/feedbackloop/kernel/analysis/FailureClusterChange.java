package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a cluster's history: {@code type} is discovered, grew, reopened, merged, split or resolved, with the
 * sizes it recorded, the cluster it merged into, the clusters it split into (and whether it {@code continued} beside
 * them) or why it was resolved.
 */
public record FailureClusterChange(String type, Instant at, Integer size, Integer sizeLast24h, String intoClusterId,
                                   List<String> intoClusterIds, Boolean continued, String reason) {
}
