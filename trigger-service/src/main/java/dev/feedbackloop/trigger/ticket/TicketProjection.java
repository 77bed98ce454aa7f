package dev.feedbackloop.trigger.ticket;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.FindTicket;
import dev.feedbackloop.kernel.trigger.FindTickets;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketPrioritized;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import dev.feedbackloop.kernel.trigger.TicketView;
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
 * The {@value #COLLECTION} read model, one document per ticket keyed by its id. {@code priority_rank} (0 low to 3
 * critical) lets listings sort by priority. Every write is a $set of what the event says, with the event's own
 * times, so a replay rebuilds the same documents.
 */
@Component
@ProcessingGroup(TicketProjection.PROCESSING_GROUP)
public class TicketProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes ticketProjectionIndexes() {
        return ProjectionIndexes.of("tickets",
                ReadModelIndex.of(COLLECTION, "rank", Indexes.compoundIndex(Indexes.descending("priority_rank"),
                        Indexes.ascending("created_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "state_rank", Indexes.compoundIndex(Indexes.ascending("state"),
                        Indexes.descending("priority_rank"), Indexes.ascending("created_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "agent_rank", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("priority_rank"), Indexes.ascending("created_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "incident", Indexes.ascending("incident_id", "created_at")));
    }

    public static final String PROCESSING_GROUP = "trigger-tickets";
    public static final String COLLECTION = "tickets";
    private final ReadModelWriter writer;

    public TicketProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(TicketCreated event) {
        writer.update(COLLECTION, Filters.eq("_id", event.ticketId()), Updates.combine(
                Updates.set("incident_id", event.incidentId()),
                Updates.set("agent_id", event.agentId()),
                Updates.set("rule", event.rule()),
                Updates.set("title", event.title()),
                Updates.set("description", event.description()),
                Updates.set("priority", event.priority().wireName()),
                Updates.set("priority_rank", event.priority().ordinal()),
                Updates.set("severity", event.severity() == null ? null : event.severity().wireName()),
                Updates.set("affected_volume", event.affectedVolume()),
                Updates.set("scope", scope(event.scope())),
                Updates.set("state", "open"),
                Updates.set("created_at", date(event.createdAt()))), true);
    }

    @EventHandler
    void on(TicketPrioritized event) {
        writer.update(COLLECTION, Filters.eq("_id", event.ticketId()), Updates.combine(
                Updates.set("priority", event.priority().wireName()),
                Updates.set("priority_rank", event.priority().ordinal()),
                Updates.set("prioritized_by", event.by()),
                Updates.set("priority_reason", event.reason()),
                Updates.set("prioritized_at", date(event.at()))), false);
    }

    @EventHandler
    void on(TicketResolved event) {
        writer.update(COLLECTION, Filters.eq("_id", event.ticketId()), Updates.combine(
                Updates.set("state", "resolved"),
                Updates.set("resolution", event.resolution()),
                Updates.set("resolved_by", event.by()),
                Updates.set("resolved_at", date(event.at()))), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<TicketView>> handle(FindTickets query) {
        List<Bson> filters = new ArrayList<>();
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        if (query.priority() != null) {
            filters.add(Filters.eq("priority", query.priority().wireName()));
        }
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        return Flux.from(writer.collection(COLLECTION)
                        .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.orderBy(Sorts.descending("priority_rank"), Sorts.ascending("created_at", "_id")))
                        .limit(query.limit()))
                .map(TicketProjection::view).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<TicketView> handle(FindTicket query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.ticketId())).first())
                .map(TicketProjection::view).toFuture();
    }

    static TicketView view(Document d) {
        String severity = d.getString("severity");
        Number volume = (Number) d.get("affected_volume");
        return new TicketView(d.getString("_id"), d.getString("incident_id"), d.getString("agent_id"),
                d.getString("rule"), d.getString("title"), d.getString("description"),
                Priority.fromWireName(d.getString("priority")),
                severity == null ? null : Severity.fromWireName(severity), volume == null ? 0 : volume.longValue(),
                scope(d, "scope"), d.getString("state"), instant(d, "created_at"), d.getString("prioritized_by"),
                d.getString("priority_reason"), instant(d, "prioritized_at"), d.getString("resolution"),
                d.getString("resolved_by"), instant(d, "resolved_at"));
    }
}
