package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.Map;

/**
 * What an evaluation found for one rule and scope at event time {@code at}: {@code met} true or false, or null when
 * there was too little data to tell (the state then stays as it was). {@code severity} is the alert's level, null for
 * an automated trigger.
 */
public record ConditionState(String rule, String metric, Map<String, String> scope, Boolean met, Double value,
                             Double baseline, String threshold, Instant since, Instant at, String severity) {
}
