package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a ticket; creating the same ticket id again changes nothing. */
public record CreateTicket(String ticketId, String incidentId, String agentId, String rule, String title, String description, Priority priority, Severity severity, long affectedVolume, Map<String, String> scope, Instant createdAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.ticket(ticketId);
    }
}
