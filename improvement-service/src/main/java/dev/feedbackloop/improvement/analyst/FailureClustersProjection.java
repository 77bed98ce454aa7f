package dev.feedbackloop.improvement.analyst;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.StoredKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/**
 * Failure clusters and drifting features as the cycle needs them, in event time. Every write is a $set of what an
 * event says, keyed by the event's subject and time, so a replay or a redelivery writes the same documents.
 * <ul>
 *     <li>{@value #CLUSTERS}: one document per cluster (id its cluster id): {@code agent_id}, {@code label},
 *     {@code discovered_at}, {@code state} (active, resolved, merged, ended), {@code ended_at} (when it last
 *     resolved, merged away or split without continuing), {@code reopened_at}, and {@code samples}: per event time
 *     (epoch second) the cluster's {@code size} and {@code last24h} (members in the 24 hours before it);</li>
 *     <li>{@value #DRIFT}: per agent and feature (id {@code agent|feature}): {@code psi}, {@code detected_at},
 *     {@code resolved_at}.</li>
 * </ul>
 */
@Component
@ProcessingGroup(FeedbackOutcomesProjection.PROCESSING_GROUP)
public class FailureClustersProjection {

    public static final String CLUSTERS = "cycle_clusters";
    public static final String DRIFT = "cycle_drift";

    private final ReadModelWriter writer;

    public FailureClustersProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    public static String driftId(String agent, String feature) {
        return agent + "|" + StoredKeys.encode(feature);
    }

    @EventHandler
    void on(FailureClusterDiscovered e) {
        writer.update(CLUSTERS, Filters.eq("_id", e.clusterId()), Updates.combine(
                Updates.set("agent_id", e.agentId()), Updates.set("label", e.label()),
                Updates.set("discovered_at", Date.from(e.discoveredAt())), Updates.set("state", "active"),
                sample(e.discoveredAt(), e.size(), e.sizeLast24h())), true);
    }

    @EventHandler
    void on(FailureClusterGrew e) {
        writer.update(CLUSTERS, Filters.eq("_id", e.clusterId()), Updates.combine(
                Updates.set("agent_id", e.agentId()), sample(e.at(), e.size(), e.sizeLast24h())), true);
    }

    @EventHandler
    void on(FailureClusterReopened e) {
        writer.update(CLUSTERS, Filters.eq("_id", e.clusterId()), Updates.combine(
                Updates.set("agent_id", e.agentId()), Updates.set("state", "active"),
                Updates.set("reopened_at", Date.from(e.at())), sample(e.at(), e.size(), e.sizeLast24h())), true);
    }

    @EventHandler
    void on(FailureClusterMerged e) {
        end(e.clusterId(), e.agentId(), "merged", e.at());
    }

    @EventHandler
    void on(FailureClusterSplit e) {
        if (!e.continued()) {
            end(e.clusterId(), e.agentId(), "ended", e.at());
        }
    }

    @EventHandler
    void on(FailureClusterResolved e) {
        end(e.clusterId(), e.agentId(), "resolved", e.at());
    }

    @EventHandler
    void on(DriftDetected e) {
        writer.update(DRIFT, Filters.eq("_id", driftId(e.agentId(), e.feature())), Updates.combine(
                Updates.set("agent_id", e.agentId()), Updates.set("feature", e.feature()),
                Updates.set("psi", e.psi()), Updates.set("detected_at", Date.from(e.evaluatedAt()))), true);
    }

    @EventHandler
    void on(DriftResolved e) {
        writer.update(DRIFT, Filters.eq("_id", driftId(e.agentId(), e.feature())), Updates.combine(
                Updates.set("agent_id", e.agentId()), Updates.set("feature", e.feature()),
                Updates.set("resolved_psi", e.psi()), Updates.set("resolved_at", Date.from(e.evaluatedAt()))), true);
    }

    private void end(String clusterId, String agentId, String state, Instant at) {
        writer.update(CLUSTERS, Filters.eq("_id", clusterId), Updates.combine(Updates.set("agent_id", agentId),
                Updates.set("state", state), Updates.set("ended_at", Date.from(at))), true);
    }

    private static org.bson.conversions.Bson sample(Instant at, int size, int last24h) {
        return Updates.set("samples." + at.getEpochSecond(), new Document("size", size).append("last24h", last24h));
    }

    @ResetHandler
    void reset() {
        writer.drop(CLUSTERS, DRIFT);
    }
}
