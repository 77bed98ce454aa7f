package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A ticket was resolved. */
@Revision("1")
public record TicketResolved(String ticketId, String resolution, String by, Instant at) implements TicketEvent {
}
