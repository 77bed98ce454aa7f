package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The incident's condition stopped holding at event time {@code at}. */
public record ClearIncident(String incidentId, Double value, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
