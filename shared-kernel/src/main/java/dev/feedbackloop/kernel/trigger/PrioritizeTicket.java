package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Set a ticket's priority. */
public record PrioritizeTicket(String ticketId, Priority priority, String reason, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.ticket(ticketId);
    }
}
