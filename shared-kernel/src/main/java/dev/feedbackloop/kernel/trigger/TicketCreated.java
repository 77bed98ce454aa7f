package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A ticket was created with a priority from its rule, raised by the affected volume and severity (see Priority#rank). */
@Revision("1")
public record TicketCreated(String ticketId, String incidentId, String agentId, String rule, String title, String description, Priority priority, Severity severity, long affectedVolume, Map<String, String> scope, Instant createdAt) implements TicketEvent {
}
