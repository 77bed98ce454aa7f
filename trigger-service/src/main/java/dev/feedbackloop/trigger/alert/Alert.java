package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.AcknowledgeAlert;
import dev.feedbackloop.kernel.trigger.AlertAcknowledged;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.RaiseAlert;
import dev.feedbackloop.kernel.trigger.ResolveAlert;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One alert raised on a channel: raised, then maybe acknowledged, then resolved. Raising the same id again changes
 * nothing; acknowledging is possible only while raised (twice changes nothing, a resolved alert cannot be
 * acknowledged); resolving happens once (a resolved alert stays as it is). Commands to an alert that was never
 * raised are NOT_FOUND.
 */
@Aggregate
public class Alert {

    enum State { RAISED, ACKNOWLEDGED, RESOLVED }

    @AggregateIdentifier
    private String stream;
    private String alertId;
    private String channel;
    private State state;

    protected Alert() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RaiseAlert command) {
        validate(command);
        if (stream != null) {
            return;
        }
        apply(new AlertRaised(command.alertId(), command.incidentId(), command.agentId(), command.rule(),
                command.channel(), command.severity(), command.title(), command.summary(), command.runbook(),
                command.scope() == null ? Map.of() : Map.copyOf(command.scope()), command.raisedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AcknowledgeAlert command) {
        requireRaised(command.alertId());
        requireActor(command.by(), command.at());
        switch (state) {
            case RAISED -> apply(new AlertAcknowledged(alertId, command.by(), command.at()));
            case ACKNOWLEDGED -> {
            }
            case RESOLVED -> throw new WrongState("alert " + alertId + " is resolved; only a raised alert can be acknowledged");
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ResolveAlert command) {
        requireRaised(command.alertId());
        requireActor(command.by(), command.at());
        if (state != State.RESOLVED) {
            apply(new AlertResolved(alertId, channel, command.by(), command.reason(), command.at()));
        }
    }

    private void requireRaised(String id) {
        if (stream == null) {
            throw WrongState.notFound("alert", id);
        }
    }

    private static void requireActor(String by, java.time.Instant at) {
        if (by == null || by.isBlank()) {
            throw invalid("by is required");
        }
        if (at == null) {
            throw invalid("at is required");
        }
    }

    private static void validate(RaiseAlert command) {
        if (command.alertId() == null || command.alertId().isBlank()) {
            throw invalid("alert_id is required");
        }
        if (command.channel() == null || command.channel().isBlank()) {
            throw invalid("channel is required");
        }
        if (command.severity() == null) {
            throw invalid("severity is required");
        }
        if (command.title() == null || command.title().isBlank()) {
            throw invalid("title is required");
        }
        if (command.raisedAt() == null) {
            throw invalid("raised_at is required");
        }
    }

    @EventSourcingHandler
    void on(AlertRaised event) {
        this.stream = Streams.alert(event.alertId());
        this.alertId = event.alertId();
        this.channel = event.channel();
        this.state = State.RAISED;
    }

    @EventSourcingHandler
    void on(AlertAcknowledged event) {
        this.state = State.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(AlertResolved event) {
        this.state = State.RESOLVED;
    }
}
