package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.PrioritizeTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.kernel.trigger.ResolveTicket;
import dev.feedbackloop.kernel.trigger.TicketCreated;
import dev.feedbackloop.kernel.trigger.TicketPrioritized;
import dev.feedbackloop.kernel.trigger.TicketResolved;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Map;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One ticket, open until resolved. Creating the same id again changes nothing; setting the priority it already has
 * changes nothing; a resolved ticket cannot be re-prioritised ({@link WrongState}); resolving a resolved ticket
 * changes nothing. Commands to a ticket never created are NOT_FOUND.
 */
@Aggregate
public class Ticket {

    @AggregateIdentifier
    private String stream;
    private String ticketId;
    private Priority priority;
    private boolean resolved;

    protected Ticket() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateTicket command) {
        validate(command);
        if (stream != null) {
            return;
        }
        apply(new TicketCreated(command.ticketId(), command.incidentId(), command.agentId(), command.rule(),
                command.title(), command.description(), command.priority(), command.severity(),
                command.affectedVolume(), command.scope() == null ? Map.of() : Map.copyOf(command.scope()),
                command.createdAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PrioritizeTicket command) {
        requireCreated(command.ticketId());
        if (command.priority() == null) {
            throw invalid("priority is required");
        }
        requireActor(command.by(), command.at());
        if (resolved) {
            throw new WrongState("ticket " + ticketId + " is resolved; a resolved ticket cannot be re-prioritized");
        }
        if (command.priority() != priority) {
            apply(new TicketPrioritized(ticketId, priority, command.priority(), command.reason(), command.by(),
                    command.at()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ResolveTicket command) {
        requireCreated(command.ticketId());
        if (command.resolution() == null || command.resolution().isBlank()) {
            throw invalid("resolution is required");
        }
        requireActor(command.by(), command.at());
        if (!resolved) {
            apply(new TicketResolved(ticketId, command.resolution(), command.by(), command.at()));
        }
    }

    private void requireCreated(String id) {
        if (stream == null) {
            throw WrongState.notFound("ticket", id);
        }
    }

    private static void requireActor(String by, Instant at) {
        if (by == null || by.isBlank()) {
            throw invalid("by is required");
        }
        if (at == null) {
            throw invalid("at is required");
        }
    }

    private static void validate(CreateTicket command) {
        if (command.ticketId() == null || command.ticketId().isBlank()) {
            throw invalid("ticket_id is required");
        }
        if (command.title() == null || command.title().isBlank()) {
            throw invalid("title is required");
        }
        if (command.priority() == null) {
            throw invalid("priority is required");
        }
        if (command.affectedVolume() < 0) {
            throw invalid("affected_volume must not be negative");
        }
        if (command.createdAt() == null) {
            throw invalid("created_at is required");
        }
    }

    @EventSourcingHandler
    void on(TicketCreated event) {
        this.stream = Streams.ticket(event.ticketId());
        this.ticketId = event.ticketId();
        this.priority = event.priority();
    }

    @EventSourcingHandler
    void on(TicketPrioritized event) {
        this.priority = event.priority();
    }

    @EventSourcingHandler
    void on(TicketResolved event) {
        this.resolved = true;
    }
}
