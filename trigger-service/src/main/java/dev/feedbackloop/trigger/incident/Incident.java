package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.AutoActionRequested;
import dev.feedbackloop.kernel.trigger.ChangeIncidentSeverity;
import dev.feedbackloop.kernel.trigger.ClearIncident;
import dev.feedbackloop.kernel.trigger.CloseIncident;
import dev.feedbackloop.kernel.trigger.IncidentCleared;
import dev.feedbackloop.kernel.trigger.IncidentClosed;
import dev.feedbackloop.kernel.trigger.IncidentOpened;
import dev.feedbackloop.kernel.trigger.IncidentPriority;
import dev.feedbackloop.kernel.trigger.IncidentRecurred;
import dev.feedbackloop.kernel.trigger.IncidentSeverityChanged;
import dev.feedbackloop.kernel.trigger.OpenIncident;
import dev.feedbackloop.kernel.trigger.RecordIncidentRecurrence;
import dev.feedbackloop.support.aggregate.WrongState;
import dev.feedbackloop.kernel.trigger.RequestAutoAction;
import dev.feedbackloop.kernel.trigger.Severity;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One incident: open while its condition holds, cleared when it stops holding, open again if it recurs within the
 * cool-down, closed once its work is done or its deadline passed. Opening the same id again changes nothing; a
 * recurrence is recorded only for a cleared incident and a clear only for an open one (anything else is
 * {@link WrongState}); closing may happen from open or cleared, and closing a closed incident changes nothing.
 * Commands to an incident never opened are NOT_FOUND.
 * <p>
 * An incident has a severity and a priority (P1-P4, spec 21.3.3) with the times its response and escalation fall
 * due. While open, its severity may move (an alert's critical level holding or no longer holding besides its
 * warning level); asking for the severity and priority it has changes nothing. An auto action is announced once per
 * rule, action and event time, on any incident not closed.
 */
@Aggregate
public class Incident {

    enum State { OPEN, CLEARED, CLOSED }

    @AggregateIdentifier
    private String stream;
    private String incidentId;
    private String agentId;
    private State state;
    private Map<String, String> scope = Map.of();
    private Severity severity;
    private IncidentPriority priority;
    private final Set<String> autoActions = new HashSet<>();

    protected Incident() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenIncident command) {
        validate(command);
        if (stream != null) {
            return;
        }
        Severity opening = command.severity() == null ? Severity.WARNING : command.severity();
        IncidentPriority urgency = command.priority() == null ? IncidentPriority.of(opening) : command.priority();
        Instant reportedAt = command.reportedAt() == null ? command.openedAt() : command.reportedAt();
        apply(new IncidentOpened(command.incidentId(), command.agentId(), command.rule(), command.metric(),
                command.scope() == null ? Map.of() : Map.copyOf(command.scope()), command.value(),
                command.baseline(), command.threshold(), command.since(),
                command.actions() == null ? List.of() : List.copyOf(command.actions()), command.openedAt(),
                opening, urgency, urgency.respondBy(reportedAt), urgency.escalateBy(reportedAt)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeIncidentSeverity command) {
        requireOpened(command.incidentId());
        requireTime(command.at());
        if (command.severity() == null) {
            throw invalid("severity is required");
        }
        if (state != State.OPEN) {
            throw new WrongState("incident " + incidentId + " is " + name(state)
                    + "; only an open incident changes severity");
        }
        IncidentPriority urgency = command.priority() == null ? IncidentPriority.of(command.severity()) : command.priority();
        if (command.severity() == severity && urgency == priority) {
            return;
        }
        Instant reportedAt = command.reportedAt() == null ? command.at() : command.reportedAt();
        apply(new IncidentSeverityChanged(incidentId, agentId, severity, command.severity(), urgency,
                urgency.respondBy(reportedAt), urgency.escalateBy(reportedAt), command.rule(), command.value(),
                command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestAutoAction command) {
        requireOpened(command.incidentId());
        requireTime(command.at());
        if (command.action() == null || command.action().isBlank()) {
            throw invalid("action is required");
        }
        if (state == State.CLOSED) {
            throw new WrongState("incident " + incidentId + " is closed; it asks for no more actions");
        }
        if (!autoActions.contains(autoActionKey(command.rule(), command.action(), command.at()))) {
            apply(new AutoActionRequested(incidentId, agentId, command.rule(), command.action(), scope,
                    command.severity(), command.at()));
        }
    }

    private static String autoActionKey(String rule, String action, Instant at) {
        return rule + "|" + action + "|" + at;
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
        this.scope = event.scope() == null ? Map.of() : event.scope();
        this.severity = event.severity() == null ? Severity.WARNING : event.severity();
        this.priority = event.priority() == null ? IncidentPriority.of(severity) : event.priority();
    }

    @EventSourcingHandler
    void on(IncidentSeverityChanged event) {
        this.severity = event.severity();
        this.priority = event.priority();
    }

    @EventSourcingHandler
    void on(AutoActionRequested event) {
        autoActions.add(autoActionKey(event.rule(), event.action(), event.at()));
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
