package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/** A condition that was met stopped holding at event time {@code at}. */
@Revision("1")
public record TriggerConditionCleared(String agentId, String rule, String metric, Map<String, String> scope,
                                      Double value, Instant at) implements MonitorEvent {

    /** The rule and scope this condition is about (see ConditionKey). */
    public String conditionKey() {
        return ConditionKey.of(rule, scope);
    }
}
