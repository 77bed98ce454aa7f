package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.analysis.RecordClusterSize;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.Threshold;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code clustered_failures} metric: each failure cluster's size in the last 24 h, as its events report it,
 * goes to its agent's monitor, which meets the rules on that metric once per cluster and clears them when the
 * cluster closes (resolved, merged into another, or split without continuing).
 */
@Component
@ProcessingGroup(ClusterWatch.PROCESSING_GROUP)
public class ClusterWatch {

    public static final String PROCESSING_GROUP = "analysis-cluster-watch";

    static final String METRIC = "clustered_failures";

    private final CommandGateway commands;
    private final Map<String, Threshold> rules = new LinkedHashMap<>();

    public ClusterWatch(CommandGateway commands, RuleBook ruleBook) {
        this.commands = commands;
        ruleBook.withMetric(METRIC).forEach(rule -> rules.put(rule.name(), rule.condition().threshold()));
    }

    private void record(String agentId, String clusterId, int sizeLast24h, boolean open, Instant at) {
        if (!rules.isEmpty()) {
            commands.sendAndWait(new RecordClusterSize(agentId, clusterId, sizeLast24h, open, at, rules));
        }
    }

    @EventHandler
    void on(FailureClusterDiscovered event) {
        record(event.agentId(), event.clusterId(), event.sizeLast24h(), true, event.discoveredAt());
    }

    @EventHandler
    void on(FailureClusterGrew event) {
        record(event.agentId(), event.clusterId(), event.sizeLast24h(), true, event.at());
    }

    @EventHandler
    void on(FailureClusterReopened event) {
        record(event.agentId(), event.clusterId(), event.sizeLast24h(), true, event.at());
    }

    @EventHandler
    void on(FailureClusterResolved event) {
        record(event.agentId(), event.clusterId(), 0, false, event.at());
    }

    @EventHandler
    void on(FailureClusterMerged event) {
        record(event.agentId(), event.clusterId(), 0, false, event.at());
    }

    @EventHandler
    void on(FailureClusterSplit event) {
        if (!event.continued()) {
            record(event.agentId(), event.clusterId(), 0, false, event.at());
        }
    }
}
