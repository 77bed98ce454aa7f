package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Announce a rule's auto_action for an incident; the same rule, action and event time again changes nothing. */
public record RequestAutoAction(String incidentId, String rule, String action, Severity severity, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
