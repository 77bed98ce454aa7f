package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * An incident began: a rule's condition holds for a scope ({@code since} and {@code openedAt} are event time);
 * {@code actions} are the rule's action types, in order. Revision 2 adds {@code severity}, the incident's
 * {@code priority} (P1-P4) and when it must be responded to and escalates ({@code respondBy}, {@code escalateBy},
 * counted from the wall-clock time the platform opened it); revision 1 events have none of them.
 */
@Revision("2")
public record IncidentOpened(String incidentId, String agentId, String rule, String metric, Map<String, String> scope,
                             Double value, Double baseline, String threshold, Instant since, List<String> actions,
                             Instant openedAt, Severity severity, IncidentPriority priority, Instant respondBy,
                             Instant escalateBy) implements IncidentEvent {
}
