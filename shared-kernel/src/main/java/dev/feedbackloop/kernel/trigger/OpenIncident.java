package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Open the incident of a rule condition that began to hold for a scope; opening it again changes nothing.
 * {@code openedAt} is the condition's event time, {@code reportedAt} the wall-clock time the platform opens it, from
 * which the priority's response and escalation times count. A null severity is warning, a null priority the one the
 * severity maps to.
 */
public record OpenIncident(String incidentId, String agentId, String rule, String metric, Map<String, String> scope,
                           Double value, Double baseline, String threshold, Instant since, List<String> actions,
                           Instant openedAt, Severity severity, IncidentPriority priority, Instant reportedAt) {

    /** A warning-level incident, reported at its event time. */
    public OpenIncident(String incidentId, String agentId, String rule, String metric, Map<String, String> scope,
                        Double value, Double baseline, String threshold, Instant since, List<String> actions,
                        Instant openedAt) {
        this(incidentId, agentId, rule, metric, scope, value, baseline, threshold, since, actions, openedAt, null, null,
                openedAt);
    }

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.incident(incidentId);
    }
}
