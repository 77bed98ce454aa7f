package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * A rule's condition began to hold for a scope (agent_id, and the rule's other scope keys). {@code at} is the event
 * time of the evaluation that found it, {@code since} when it started holding; {@code value} is the metric's value
 * then and {@code baseline} the reference value for relative thresholds.
 */
@Revision("1")
public record TriggerConditionMet(String agentId, String rule, String metric, Map<String, String> scope, Double value,
                                  Double baseline, String threshold, Instant since, Instant at) implements MonitorEvent {

    /** The rule and scope this condition is about (see ConditionKey). */
    public String conditionKey() {
        return ConditionKey.of(rule, scope);
    }
}
