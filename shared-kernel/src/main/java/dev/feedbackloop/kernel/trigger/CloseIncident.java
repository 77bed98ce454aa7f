package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Close the incident: cleared with its work done, or given up by its deadline ({@code reason} says which). */
public record CloseIncident(String incidentId, String reason, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
