package dev.feedbackloop.trigger.incident;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.AutoActionRequested;
import dev.feedbackloop.kernel.trigger.FindIncident;
import dev.feedbackloop.kernel.trigger.FindIncidents;
import dev.feedbackloop.kernel.trigger.IncidentCleared;
import dev.feedbackloop.kernel.trigger.IncidentClosed;
import dev.feedbackloop.kernel.trigger.IncidentOpened;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.IncidentRecurred;
import dev.feedbackloop.kernel.trigger.IncidentSeverityChanged;
import dev.feedbackloop.kernel.trigger.IncidentView;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.trigger.alert.AlertProjection;
import dev.feedbackloop.trigger.ticket.TicketProjection;
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
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.date;
import static dev.feedbackloop.support.readmodel.Docs.instant;
import static dev.feedbackloop.support.readmodel.Docs.number;
import static dev.feedbackloop.support.readmodel.Docs.scope;

/**
 * The {@value #COLLECTION} read model, one document per incident keyed by its id. Recurrences are kept as the set
 * of their times ($addToSet), so a batch written twice counts each once. The alerts and tickets an incident caused
 * are not copied here: the query joins them from the {@code alerts} and {@code tickets} read models by
 * {@code incident_id}, so each collection has one writer and a replay of any of them rebuilds the same documents.
 */
@Component
@ProcessingGroup(IncidentProjection.PROCESSING_GROUP)
public class IncidentProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes incidentProjectionIndexes() {
        return ProjectionIndexes.of("incidents",
                ReadModelIndex.of(COLLECTION, "opened", Indexes.descending("opened_at", "_id")),
                ReadModelIndex.of(COLLECTION, "agent_opened", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("opened_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "state_opened", Indexes.compoundIndex(Indexes.ascending("state"),
                        Indexes.descending("opened_at", "_id"))));
    }

    public static final String PROCESSING_GROUP = "trigger-incidents";
    public static final String COLLECTION = "incidents";
    private final ReadModelWriter writer;

    public IncidentProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(IncidentOpened event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()), Updates.combine(
                Updates.set("agent_id", event.agentId()),
                Updates.set("rule", event.rule()),
                Updates.set("metric", event.metric()),
                Updates.set("scope", scope(event.scope())),
                Updates.set("value", event.value()),
                Updates.set("baseline", event.baseline()),
                Updates.set("threshold", event.threshold()),
                Updates.set("since", date(event.since())),
                Updates.set("actions", event.actions() == null ? List.of() : event.actions()),
                Updates.set("state", "open"),
                Updates.set("opened_at", date(event.openedAt())),
                Updates.set("last_value", event.value()),
                Updates.set("severity", event.severity() == null ? null : event.severity().wireName()),
                Updates.set("priority", event.priority() == null ? null : event.priority().name()),
                Updates.set("respond_by", date(event.respondBy())),
                Updates.set("escalate_by", date(event.escalateBy()))), true);
    }

    /** The latest change wins by event time, so a replayed batch or a late older change cannot move it back. */
    @EventHandler
    void on(IncidentSeverityChanged event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()), Updates.addToSet("severity_changes",
                new Document("at", date(event.at())).append("from", event.previousSeverity() == null ? null
                                : event.previousSeverity().wireName())
                        .append("to", event.severity().wireName()).append("rule", event.rule())), false);
        writer.update(COLLECTION, Filters.and(Filters.eq("_id", event.incidentId()), Filters.or(
                        Filters.exists("severity_at", false), Filters.lte("severity_at", date(event.at())))),
                Updates.combine(
                        Updates.set("severity", event.severity().wireName()),
                        Updates.set("priority", event.priority().name()),
                        Updates.set("respond_by", date(event.respondBy())),
                        Updates.set("escalate_by", date(event.escalateBy())),
                        Updates.set("severity_at", date(event.at()))), false);
    }

    @EventHandler
    void on(AutoActionRequested event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()),
                Updates.addToSet("auto_actions", event.action()), false);
    }

    @EventHandler
    void on(IncidentRecurred event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()), Updates.combine(
                Updates.set("state", "open"),
                Updates.set("last_value", event.value()),
                Updates.addToSet("recurred_at", date(event.at()))), false);
    }

    @EventHandler
    void on(IncidentCleared event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()), Updates.combine(
                Updates.set("state", "cleared"),
                Updates.set("last_value", event.value()),
                Updates.set("cleared_at", date(event.at()))), false);
    }

    @EventHandler
    void on(IncidentClosed event) {
        writer.update(COLLECTION, Filters.eq("_id", event.incidentId()), Updates.combine(
                Updates.set("state", "closed"),
                Updates.set("close_reason", event.reason()),
                Updates.set("closed_at", date(event.at()))), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<IncidentView>> handle(FindIncidents query) {
        List<Bson> filters = new ArrayList<>();
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.rule() != null) {
            filters.add(Filters.eq("rule", query.rule()));
        }
        return Flux.from(writer.collection(COLLECTION)
                        .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.descending("opened_at", "_id")).limit(query.limit()))
                .collectList()
                .flatMap(this::withWork)
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<IncidentView> handle(FindIncident query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.incidentId())).first())
                .flatMap(d -> withWork(List.of(d)).map(list -> list.get(0)))
                .toFuture();
    }

    /** The incidents with the ids of the alerts and tickets each caused, oldest first. */
    private Mono<List<IncidentView>> withWork(List<Document> incidents) {
        if (incidents.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> ids = incidents.stream().map(d -> d.getString("_id")).toList();
        Mono<Map<String, List<String>>> alerts = idsByIncident(AlertProjection.COLLECTION, ids, "raised_at");
        Mono<Map<String, List<String>>> tickets = idsByIncident(TicketProjection.COLLECTION, ids, "created_at");
        return Mono.zip(alerts, tickets).map(work -> incidents.stream()
                .map(d -> view(d, work.getT1().getOrDefault(d.getString("_id"), List.of()),
                        work.getT2().getOrDefault(d.getString("_id"), List.of())))
                .toList());
    }

    private Mono<Map<String, List<String>>> idsByIncident(String collection, List<String> incidentIds, String time) {
        return Flux.from(writer.collection(collection).find(Filters.in("incident_id", incidentIds))
                        .projection(Projections.include("incident_id"))
                        .sort(Sorts.ascending(time, "_id")))
                .collect(LinkedHashMap::new, (Map<String, List<String>> map, Document d) -> map
                        .computeIfAbsent(d.getString("incident_id"), k -> new ArrayList<>()).add(d.getString("_id")));
    }

    static IncidentView view(Document d, List<String> alertIds, List<String> ticketIds) {
        List<Date> recurred = d.getList("recurred_at", Date.class);
        Date lastRecurred = recurred == null ? null : recurred.stream().max(Date::compareTo).orElse(null);
        List<String> actions = d.getList("actions", String.class);
        List<Document> changes = d.getList("severity_changes", Document.class);
        List<String> autoActions = d.getList("auto_actions", String.class);
        return new IncidentView(d.getString("_id"), d.getString("agent_id"), d.getString("rule"),
                d.getString("metric"), scope(d, "scope"), number(d, "value"), number(d, "baseline"),
                d.getString("threshold"), instant(d, "since"), actions == null ? List.of() : actions,
                d.getString("state"), instant(d, "opened_at"), number(d, "last_value"),
                recurred == null ? 0 : recurred.size(), lastRecurred == null ? null : lastRecurred.toInstant(),
                instant(d, "cleared_at"), instant(d, "closed_at"), d.getString("close_reason"), alertIds, ticketIds,
                d.getString("severity") == null ? null : Severity.fromWireName(d.getString("severity")),
                d.getString("priority") == null ? null : IncidentPriority.fromWireName(d.getString("priority")),
                instant(d, "respond_by"), instant(d, "escalate_by"), changes == null ? 0 : changes.size(),
                autoActions == null ? List.of() : autoActions);
    }
}
