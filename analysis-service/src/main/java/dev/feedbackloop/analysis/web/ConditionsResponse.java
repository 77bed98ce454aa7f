package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ConditionStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The state of every rule condition the monitor evaluates. */
public record ConditionsResponse(List<Condition> conditions) {

    static ConditionsResponse of(List<ConditionStatus> conditions) {
        return new ConditionsResponse(conditions.stream().map(Condition::of).toList());
    }

    /** A rule's condition for one scope: met or cleared, the value that decided it and since when. */
    @Schema(name = "RuleCondition")
    public record Condition(String agentId, String rule, String metric, Map<String, String> scope,
                            @Schema(allowableValues = {"met", "cleared"}) String state, Double value, Double baseline,
                            String threshold, Instant since, Instant metAt, Instant clearedAt) {

        static Condition of(ConditionStatus c) {
            return new Condition(c.agentId(), c.rule(), c.metric(), c.scope(), c.state(), c.value(), c.baseline(),
                    c.threshold(), c.since(), c.metAt(), c.clearedAt());
        }
    }
}
