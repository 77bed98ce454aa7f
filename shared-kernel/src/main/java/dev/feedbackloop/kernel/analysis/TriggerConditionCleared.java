package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * A condition that was met stopped holding at event time {@code at}. {@code severity} is the level of an alert and
 * null for an automated trigger (revision 2; revision 1 events have none).
 */
@Revision("2")
public record TriggerConditionCleared(String agentId, String rule, String metric, Map<String, String> scope,
                                      Double value, Instant at, String severity) implements MonitorEvent {

    /** An automated trigger's condition. */
    public TriggerConditionCleared(String agentId, String rule, String metric, Map<String, String> scope, Double value,
                                   Instant at) {
        this(agentId, rule, metric, scope, value, at, null);
    }

    /** The rule and scope this condition is about (see ConditionKey). */
    public String conditionKey() {
        return ConditionKey.of(rule, scope);
    }

    /** The incident this condition belongs to: the levels of one alert share it (see ConditionKey). */
    public String incidentKey() {
        return ConditionKey.incident(rule, metric, scope, severity);
    }
}
