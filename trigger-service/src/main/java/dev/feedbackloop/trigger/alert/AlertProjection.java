package dev.feedbackloop.trigger.alert;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.AlertAcknowledged;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.AlertView;
import dev.feedbackloop.kernel.trigger.FindAlert;
import dev.feedbackloop.kernel.trigger.FindAlerts;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.date;
import static dev.feedbackloop.support.readmodel.Docs.instant;
import static dev.feedbackloop.support.readmodel.Docs.scope;

/**
 * The {@value #COLLECTION} read model, one document per alert keyed by its id. Every write is a $set of what the
 * event says, with the event's own times, so replaying the stream (in order per alert, Axon's default sequencing)
 * rebuilds the same documents.
 */
@Component
@ProcessingGroup(AlertProjection.PROCESSING_GROUP)
public class AlertProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes alertProjectionIndexes() {
        return ProjectionIndexes.of("alerts",
                ReadModelIndex.of(COLLECTION, "raised", Indexes.descending("raised_at", "_id")),
                ReadModelIndex.of(COLLECTION, "agent_raised", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("raised_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "state_raised", Indexes.compoundIndex(Indexes.ascending("state"),
                        Indexes.descending("raised_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "incident", Indexes.ascending("incident_id", "raised_at")));
    }

    public static final String PROCESSING_GROUP = "trigger-alerts";
    public static final String COLLECTION = "alerts";
    private final ReadModelWriter writer;

    public AlertProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(AlertRaised event) {
        writer.update(COLLECTION, Filters.eq("_id", event.alertId()), Updates.combine(
                Updates.set("incident_id", event.incidentId()),
                Updates.set("agent_id", event.agentId()),
                Updates.set("rule", event.rule()),
                Updates.set("channel", event.channel()),
                Updates.set("severity", event.severity() == null ? null : event.severity().wireName()),
                Updates.set("title", event.title()),
                Updates.set("summary", event.summary()),
                Updates.set("runbook", event.runbook()),
                Updates.set("scope", scope(event.scope())),
                Updates.set("state", "raised"),
                Updates.set("raised_at", date(event.raisedAt()))), true);
    }

    @EventHandler
    void on(AlertAcknowledged event) {
        writer.update(COLLECTION, Filters.eq("_id", event.alertId()), Updates.combine(
                Updates.set("state", "acknowledged"),
                Updates.set("acknowledged_by", event.by()),
                Updates.set("acknowledged_at", date(event.at()))), false);
    }

    @EventHandler
    void on(AlertResolved event) {
        writer.update(COLLECTION, Filters.eq("_id", event.alertId()), Updates.combine(
                Updates.set("state", "resolved"),
                Updates.set("resolved_by", event.by()),
                Updates.set("resolution_reason", event.reason()),
                Updates.set("resolved_at", date(event.at()))), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<AlertView>> handle(FindAlerts query) {
        List<Bson> filters = new ArrayList<>();
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        return Flux.from(writer.collection(COLLECTION)
                        .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.descending("raised_at", "_id")).limit(query.limit()))
                .map(AlertProjection::view).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<AlertView> handle(FindAlert query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.alertId())).first())
                .map(AlertProjection::view).toFuture();
    }

    static AlertView view(Document d) {
        String severity = d.getString("severity");
        return new AlertView(d.getString("_id"), d.getString("incident_id"), d.getString("agent_id"),
                d.getString("rule"), d.getString("channel"), severity == null ? null : Severity.fromWireName(severity),
                d.getString("title"), d.getString("summary"), d.getString("runbook"), scope(d, "scope"),
                d.getString("state"), instant(d, "raised_at"), d.getString("acknowledged_by"),
                instant(d, "acknowledged_at"), d.getString("resolved_by"), d.getString("resolution_reason"),
                instant(d, "resolved_at"));
    }
}
