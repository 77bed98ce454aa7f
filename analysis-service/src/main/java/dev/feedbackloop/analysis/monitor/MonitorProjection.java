package dev.feedbackloop.analysis.monitor;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.kernel.analysis.ConditionStatus;
import dev.feedbackloop.kernel.analysis.DriftBaselinePinned;
import dev.feedbackloop.kernel.analysis.DriftBaselineReleased;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftPoint;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.DriftStatus;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.FindConditions;
import dev.feedbackloop.kernel.analysis.FindDriftBaseline;
import dev.feedbackloop.kernel.analysis.FindDriftHistory;
import dev.feedbackloop.kernel.analysis.FindDriftStatus;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the monitors recorded, for people and pipelines: each feature's latest PSI and drift state with its history,
 * the pinned baselines, and each rule condition's state. Every write sets values taken from the event, so a replayed
 * batch changes nothing.
 */
@Component
@ProcessingGroup(MonitorProjection.PROCESSING_GROUP)
public class MonitorProjection {

    public static final String PROCESSING_GROUP = "analysis-monitors";
    public static final String FEATURES = "drift_features";
    public static final String HISTORY = "drift_history";
    public static final String BASELINES = "drift_baselines";
    public static final String CONDITIONS = "conditions";

    private final ReadModelWriter writer;
    private final QueryLimits limits;

    public MonitorProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    @EventHandler
    void on(DriftMeasured event) {
        for (FeatureDrift f : event.features()) {
            String id = event.agentId() + "|" + f.feature();
            writer.update(FEATURES, Filters.eq("_id", id), Updates.combine(
                    Updates.set("agent_id", event.agentId()), Updates.set("feature", f.feature()),
                    Updates.set("psi", f.psi()), Updates.set("level", f.level()),
                    Updates.set("reference_count", f.referenceCount()), Updates.set("current_count", f.currentCount()),
                    Updates.set("evaluated_at", Date.from(event.evaluatedAt()))), true);
            writer.put(HISTORY, id + "|" + event.evaluatedAt().getEpochSecond(), new Document("agent_id", event.agentId())
                    .append("feature", f.feature()).append("evaluated_at", Date.from(event.evaluatedAt()))
                    .append("psi", f.psi()).append("level", f.level())
                    .append("reference_count", f.referenceCount()).append("current_count", f.currentCount()));
        }
    }

    @EventHandler
    void on(DriftDetected event) {
        writer.update(FEATURES, Filters.eq("_id", event.agentId() + "|" + event.feature()), Updates.combine(
                Updates.set("state", "drifting"), Updates.set("detected_at", Date.from(event.evaluatedAt())),
                Updates.unset("resolved_at")), true);
    }

    @EventHandler
    void on(DriftResolved event) {
        writer.update(FEATURES, Filters.eq("_id", event.agentId() + "|" + event.feature()), Updates.combine(
                Updates.set("state", "stable"), Updates.set("resolved_at", Date.from(event.evaluatedAt()))), true);
    }

    @EventHandler
    void on(DriftBaselinePinned event) {
        writer.put(BASELINES, event.agentId(), new Document("agent_id", event.agentId()).append("active", true)
                .append("from", Date.from(event.from())).append("to", Date.from(event.to()))
                .append("pinned_at", Date.from(event.pinnedAt())));
    }

    @EventHandler
    void on(DriftBaselineReleased event) {
        writer.update(BASELINES, Filters.eq("_id", event.agentId()), Updates.combine(Updates.set("active", false),
                Updates.set("released_at", Date.from(event.releasedAt()))), false);
    }

    static String conditionId(String agentId, String rule, Map<String, String> scope) {
        return agentId + "|" + rule + "|" + scope;
    }

    @EventHandler
    void on(TriggerConditionMet event) {
        writer.update(CONDITIONS, Filters.eq("_id", conditionId(event.agentId(), event.rule(), event.scope())),
                Updates.combine(Updates.set("agent_id", event.agentId()), Updates.set("rule", event.rule()),
                        Updates.set("metric", event.metric()), Updates.set("scope", new Document(new LinkedHashMap<>(event.scope()))),
                        Updates.set("state", "met"), Updates.set("value", event.value()),
                        Updates.set("baseline", event.baseline()), Updates.set("threshold", event.threshold()),
                        Updates.set("since", Date.from(event.since())), Updates.set("met_at", Date.from(event.at())),
                        Updates.unset("cleared_at")), true);
    }

    @EventHandler
    void on(TriggerConditionCleared event) {
        writer.update(CONDITIONS, Filters.eq("_id", conditionId(event.agentId(), event.rule(), event.scope())),
                Updates.combine(Updates.set("state", "cleared"), Updates.set("value", event.value()),
                        Updates.set("cleared_at", Date.from(event.at()))), true);
    }

    @ResetHandler
    void reset() {
        writer.drop(FEATURES, HISTORY, BASELINES, CONDITIONS);
    }

    @QueryHandler
    public CompletableFuture<List<DriftStatus>> handle(FindDriftStatus query) {
        Bson filter = query.agentId() == null ? new Document() : Filters.eq("agent_id", query.agentId());
        return Flux.from(limits.start().collection(FEATURES).find(filter).sort(Sorts.ascending("_id")))
                .map(d -> new DriftStatus(d.getString("agent_id"), d.getString("feature"), d.getDouble("psi"),
                        d.getString("level"), d.getString("state") == null ? "stable" : d.getString("state"),
                        number(d, "reference_count"), number(d, "current_count"), instant(d, "evaluated_at"),
                        instant(d, "detected_at"), instant(d, "resolved_at")))
                .collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<DriftPoint>> handle(FindDriftHistory query) {
        return Flux.from(limits.start().collection(HISTORY)
                        .find(Filters.and(Filters.eq("agent_id", query.agentId()), Filters.eq("feature", query.feature())))
                        .sort(Sorts.descending("evaluated_at")).limit(query.limit()).batchSize(ReadModelWriter.SCAN_BATCH))
                .map(d -> new DriftPoint(instant(d, "evaluated_at"), d.getDouble("psi"), d.getString("level"),
                        number(d, "reference_count"), number(d, "current_count")))
                .collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<ConditionStatus>> handle(FindConditions query) {
        List<Bson> filters = new ArrayList<>();
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return Flux.from(limits.start().collection(CONDITIONS).find(filter).sort(Sorts.ascending("_id")))
                .map(d -> {
                    Map<String, String> scope = new LinkedHashMap<>();
                    d.get("scope", Document.class).forEach((k, v) -> scope.put(k, String.valueOf(v)));
                    return new ConditionStatus(d.getString("agent_id"), d.getString("rule"), d.getString("metric"),
                            scope, d.getString("state"), d.getDouble("value"), d.getDouble("baseline"),
                            d.getString("threshold"), instant(d, "since"), instant(d, "met_at"), instant(d, "cleared_at"));
                })
                .collectList().toFuture();
    }

    @QueryHandler
    public java.util.Optional<DriftBaselinePinned> handle(FindDriftBaseline query) {
        Document d = reactor.core.publisher.Mono.from(limits.start().collection(BASELINES)
                        .find(Filters.eq("_id", query.agentId())).first())
                .toFuture().join();
        if (d == null || !Boolean.TRUE.equals(d.getBoolean("active"))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DriftBaselinePinned(query.agentId(), instant(d, "from"), instant(d, "to"),
                instant(d, "pinned_at")));
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static long number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
