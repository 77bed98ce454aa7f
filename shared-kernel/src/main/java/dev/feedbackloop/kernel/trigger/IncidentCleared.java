package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The incident's condition stopped holding at event time {@code at}. */
@Revision("1")
public record IncidentCleared(String incidentId, String agentId, Double value, Instant at) implements IncidentEvent {
}
