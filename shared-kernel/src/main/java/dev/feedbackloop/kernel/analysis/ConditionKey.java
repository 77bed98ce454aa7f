package dev.feedbackloop.kernel.analysis;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one rule condition is about: the rule and its scope, written the same way whatever order the scope's keys
 * came in. One incident at a time exists per key.
 */
public final class ConditionKey {

    private ConditionKey() {
    }

    public static String of(String rule, Map<String, String> scope) {
        StringBuilder key = new StringBuilder(rule);
        new TreeMap<>(scope).forEach((k, v) -> key.append('|').append(k).append('=').append(v));
        return key.toString();
    }
}
