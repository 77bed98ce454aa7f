package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The incident is over; {@code reason} is work_done or timed_out. */
@Revision("1")
public record IncidentClosed(String incidentId, String agentId, String reason, Instant at) implements IncidentEvent {
}
