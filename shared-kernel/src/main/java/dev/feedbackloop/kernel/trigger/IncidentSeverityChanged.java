package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The severity of an open incident moved (an alert's critical level began or stopped holding while its warning level
 * held): {@code rule} is the level whose change moved it, {@code value} its metric's value, {@code at} the event time.
 * The priority and its response and escalation times are those of the new severity, counted from the wall-clock time
 * of the change.
 */
@Revision("1")
public record IncidentSeverityChanged(String incidentId, String agentId, Severity previousSeverity, Severity severity,
                                      IncidentPriority priority, Instant respondBy, Instant escalateBy, String rule,
                                      Double value, Instant at) implements IncidentEvent {
}
