package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * A rule's condition began to hold for a scope (agent_id, and the rule's other scope keys). {@code at} is the event
 * time of the evaluation that found it, {@code since} when it started holding (never before the scope's data);
 * {@code value} is the metric's value then and {@code baseline} the reference value for relative thresholds.
 * {@code severity} is the level of an alert (info, warning, critical) and null for an automated trigger (revision 2;
 * revision 1 events have none and read as automated triggers).
 */
@Revision("2")
public record TriggerConditionMet(String agentId, String rule, String metric, Map<String, String> scope, Double value,
                                  Double baseline, String threshold, Instant since, Instant at, String severity)
        implements MonitorEvent {

    /** An automated trigger's condition. */
    public TriggerConditionMet(String agentId, String rule, String metric, Map<String, String> scope, Double value,
                               Double baseline, String threshold, Instant since, Instant at) {
        this(agentId, rule, metric, scope, value, baseline, threshold, since, at, null);
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
