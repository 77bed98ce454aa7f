package dev.feedbackloop.analysis.gate;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.kernel.gate.ApprovalOverridden;
import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.FindVersionApproval;
import dev.feedbackloop.kernel.gate.GateCategory;
import dev.feedbackloop.kernel.gate.GateEvaluated;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;
import dev.feedbackloop.kernel.gate.VersionApprovalEvent;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Approvals, one document per agent, version and environment (keyed by the aggregate's stream id): the status and
 * each recorded gate result under {@code gates.<gate name>}. Every write sets fields to the event's values, so
 * applying an event twice changes nothing. Gates without a result are not stored; readers complete them as pending
 * from the gate set ({@link Approvals}).
 */
@Component
@ProcessingGroup(VersionApprovalProjection.PROCESSING_GROUP)
public class VersionApprovalProjection {

    public static final String PROCESSING_GROUP = "analysis-version-approvals";
    public static final String COLLECTION = "version_approvals";

    private final ReadModelWriter writer;
    private final QueryLimits limits;

    public VersionApprovalProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    @EventHandler
    void on(GateEvaluated e) {
        write(e, Updates.set("gates." + e.result().gate(), document(e.result())));
    }

    @EventHandler
    void on(ApprovalOverridden e) {
        write(e, Updates.set("override", new Document("by", e.by()).append("reason", e.reason())
                .append("at", Date.from(e.at()))));
    }

    /** VersionApproved and VersionBlocked change the status only; their gates came as GateEvaluated. */
    @EventHandler
    void on(VersionApprovalEvent e) {
        write(e, null);
    }

    private void write(VersionApprovalEvent e, Bson extra) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("agent_id", e.agentId()),
                Updates.set("version", e.version()),
                Updates.set("environment", e.environment()),
                Updates.set("status", e.status().wireName()),
                Updates.set("updated_at", Date.from(e.at()))));
        if (extra != null) {
            updates.add(extra);
        }
        writer.update(COLLECTION, Filters.eq("_id", id(e)), Updates.combine(updates), true);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<VersionApprovalView> handle(FindVersionApproval query) {
        return Mono.from(limits.start().collection(COLLECTION).find(Filters.eq("_id", query.key().stream())).first())
                .map(VersionApprovalProjection::toView)
                .toFuture();
    }

    private static String id(VersionApprovalEvent e) {
        return dev.feedbackloop.kernel.common.Streams.versionApproval(e.environment(), e.agentId(), e.version());
    }

    static Document document(GateResult r) {
        return new Document("gate", r.gate())
                .append("category", r.category().wireName())
                .append("metric", r.metric())
                .append("comparison", r.comparison().symbol())
                .append("threshold", r.threshold())
                .append("min_tests", r.minTests())
                .append("status", r.status().wireName())
                .append("observed", r.observed())
                .append("tests", r.tests())
                .append("reason", r.reason());
    }

    static GateResult result(Document d) {
        return new GateResult(d.getString("gate"), GateCategory.valueOf(d.getString("category").toUpperCase(java.util.Locale.ROOT)),
                d.getString("metric"), comparison(d.getString("comparison")), d.getDouble("threshold"),
                d.getInteger("min_tests"), GateStatus.valueOf(d.getString("status").toUpperCase(java.util.Locale.ROOT)),
                d.getDouble("observed"), d.getInteger("tests"), d.getString("reason"));
    }

    private static Threshold.Comparator comparison(String symbol) {
        for (Threshold.Comparator c : Threshold.Comparator.values()) {
            if (c.symbol().equals(symbol)) {
                return c;
            }
        }
        throw new IllegalStateException("stored comparison " + symbol);
    }

    static VersionApprovalView toView(Document d) {
        List<GateResult> gates = new ArrayList<>();
        Document stored = d.get("gates", Document.class);
        if (stored != null) {
            for (Map.Entry<String, Object> e : stored.entrySet()) {
                gates.add(result((Document) e.getValue()));
            }
        }
        Document o = d.get("override", Document.class);
        VersionApprovalView.ManualOverride override = o == null ? null
                : new VersionApprovalView.ManualOverride(o.getString("by"), o.getString("reason"), o.getDate("at").toInstant());
        return new VersionApprovalView(d.getString("agent_id"), d.getString("version"), d.getString("environment"),
                ApprovalStatus.valueOf(d.getString("status").toUpperCase(java.util.Locale.ROOT)), gates, override,
                d.getDate("updated_at").toInstant());
    }
}
