package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Resolve a ticket. */
public record ResolveTicket(String ticketId, String resolution, String by, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.ticket(ticketId);
    }
}
