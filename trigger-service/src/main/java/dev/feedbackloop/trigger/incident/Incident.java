package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.IncidentCleared;
import dev.feedbackloop.kernel.trigger.IncidentClosed;
import dev.feedbackloop.kernel.trigger.IncidentOpened;
import dev.feedbackloop.kernel.trigger.IncidentRecurred;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.trigger.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.feedbackloop.trigger.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One incident: open while its condition holds, cleared when it stops holding, open again if it recurs within the
 * cool-down, closed once its work is done or its deadline passed. Opening the same id again changes nothing; a
 * recurrence is recorded only for a cleared incident and a clear only for an open one (anything else is
 * {@link WrongState}); closing may happen from open or cleared, and closing a closed incident changes nothing.
 * Commands to an incident never opened are NOT_FOUND.
 */
@Aggregate
public class Incident {

    enum State { OPEN, CLEARED, CLOSED }

    @AggregateIdentifier
    private String stream;
    private String incidentId;
    private String agentId;
    private State state;

    protected Incident() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenIncident command) {
        validate(command);
        if (stream != null) {
            return;
        }
        apply(new IncidentOpened(command.incidentId(), command.agentId(), command.rule(), command.metric(),
                command.scope() == null ? Map.of() : Map.copyOf(command.scope()), command.value(),
                command.baseline(), command.threshold(), command.since(),
                command.actions() == null ? List.of() : List.copyOf(command.actions()), command.openedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordIncidentRecurrence command) {
        requireOpened(command.incidentId());
        requireTime(command.at());
        if (state != State.CLEARED) {
            throw new WrongState("incident " + incidentId + " is " + name(state)
                    + "; only a cleared incident can recur");
        }
        apply(new IncidentRecurred(incidentId, agentId, command.value(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ClearIncident command) {
        requireOpened(command.incidentId());
        requireTime(command.at());
        if (state != State.OPEN) {
            throw new WrongState("incident " + incidentId + " is " + name(state) + "; only an open incident can clear");
        }
        apply(new IncidentCleared(incidentId, agentId, command.value(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CloseIncident command) {
        requireOpened(command.incidentId());
        if (command.reason() == null || command.reason().isBlank()) {
            throw invalid("reason is required");
        }
        requireTime(command.at());
        if (state != State.CLOSED) {
            apply(new IncidentClosed(incidentId, agentId, command.reason(), command.at()));
        }
    }

    private void requireOpened(String id) {
        if (stream == null) {
            throw WrongState.notFound("incident", id);
        }
    }

    private static void requireTime(Instant at) {
        if (at == null) {
            throw invalid("at is required");
        }
    }

    private static String name(State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void validate(OpenIncident command) {
        if (command.incidentId() == null || command.incidentId().isBlank()) {
            throw invalid("incident_id is required");
        }
        if (command.agentId() == null || command.agentId().isBlank()) {
            throw invalid("agent_id is required");
        }
        if (command.rule() == null || command.rule().isBlank()) {
            throw invalid("rule is required");
        }
        if (command.openedAt() == null) {
            throw invalid("opened_at is required");
        }
    }

    @EventSourcingHandler
    void on(IncidentOpened event) {
        this.stream = Streams.incident(event.incidentId());
        this.incidentId = event.incidentId();
        this.agentId = event.agentId();
        this.state = State.OPEN;
    }

    @EventSourcingHandler
    void on(IncidentRecurred event) {
        this.state = State.OPEN;
    }

    @EventSourcingHandler
    void on(IncidentCleared event) {
        this.state = State.CLEARED;
    }

    @EventSourcingHandler
    void on(IncidentClosed event) {
        this.state = State.CLOSED;
    }
}
