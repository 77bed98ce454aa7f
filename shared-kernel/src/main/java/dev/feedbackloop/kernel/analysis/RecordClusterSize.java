package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.rules.Threshold;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * A failure cluster's size in the last 24 h at event time {@code at}, for the rules on {@code clustered_failures}
 * ({@code rules}: rule name to threshold); {@code open} false once the cluster was resolved, merged away or split.
 * A rule is met once per cluster and cleared when the cluster closes.
 */
public record RecordClusterSize(String agentId, String clusterId, int sizeLast24h, boolean open, Instant at,
                                Map<String, Threshold> rules) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.agentMonitor(agentId);
    }
}
