package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The incident's condition holds again within the cool-down after it cleared: no new incident, no new work. */
public record RecordIncidentRecurrence(String incidentId, Double value, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
