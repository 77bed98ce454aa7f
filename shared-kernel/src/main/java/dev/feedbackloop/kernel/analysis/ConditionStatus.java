package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.Map;

/** The latest state of one rule for one scope. */
public record ConditionStatus(String agentId, String rule, String metric, Map<String, String> scope, String state,
                              Double value, Double baseline, String threshold, Instant since, Instant metAt,
                              Instant clearedAt) {
}
