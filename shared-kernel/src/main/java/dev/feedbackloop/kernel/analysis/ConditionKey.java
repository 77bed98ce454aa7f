package dev.feedbackloop.kernel.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one rule condition is about: the rule and its scope, written the same way whatever order the scope's keys
 * came in. One incident at a time exists per key, except for alerts: the levels of an alert (warning, critical) on one
 * metric and scope share one incident key.
 */
public final class ConditionKey {

    /** Marks the incident key of an alert; rule names cannot hold it, so it never meets a rule's key. */
    static final String ALERT = "alert/";

    private ConditionKey() {
    }

    public static String of(String rule, Map<String, String> scope) {
        StringBuilder key = new StringBuilder(rule);
        new TreeMap<>(scope).forEach((k, v) -> key.append('|').append(k).append('=').append(v));
        return key.toString();
    }

    /** The incident a condition belongs to: its own key, or for an alert ({@code severity} set) its metric's. */
    public static String incident(String rule, String metric, Map<String, String> scope, String severity) {
        return severity == null ? of(rule, scope) : of(ALERT + metric, scope);
    }
}
