package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** An incident began: a rule's condition holds for a scope ({@code since} and {@code openedAt} are event time); {@code actions} are the rule's action types, in order. */
@Revision("1")
public record IncidentOpened(String incidentId, String agentId, String rule, String metric, Map<String, String> scope, Double value, Double baseline, String threshold, Instant since, List<String> actions, Instant openedAt) implements IncidentEvent {
}
