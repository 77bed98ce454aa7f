package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Move an open incident to another severity and priority; {@code at} is the event time of the level that changed,
 * {@code reportedAt} the wall-clock time. Asking for the severity and priority it has changes nothing.
 */
public record ChangeIncidentSeverity(String incidentId, Severity severity, IncidentPriority priority, String rule,
                                     Double value, Instant at, Instant reportedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
