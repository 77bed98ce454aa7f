package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A ticket's priority changed. */
@Revision("1")
public record TicketPrioritized(String ticketId, Priority previousPriority, Priority priority, String reason, String by, Instant at) implements TicketEvent {
}
