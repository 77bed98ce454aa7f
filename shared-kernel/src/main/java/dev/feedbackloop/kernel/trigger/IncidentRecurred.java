package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The condition of a cleared incident held again within the cool-down; the incident is open again. */
@Revision("1")
public record IncidentRecurred(String incidentId, String agentId, Double value, Instant at) implements IncidentEvent {
}
