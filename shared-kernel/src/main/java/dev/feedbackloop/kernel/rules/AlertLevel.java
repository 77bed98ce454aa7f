package dev.feedbackloop.kernel.rules;

import java.util.Set;

/**
 * What makes a rule an alert of the alert matrix (spec 21.3.2): its severity, and the incident priority (P1-P4 of
 * 21.3.3) it asks for, or null for the one its severity maps to. The alerts on one metric and scope are the levels
 * of one incident: whichever of them hold, the incident has the highest of their severities.
 */
public record AlertLevel(String severity, String priority) {

    public static final Set<String> SEVERITIES = ActionType.names("info", "warning", "critical");
    public static final Set<String> PRIORITIES = ActionType.names("P1", "P2", "P3", "P4");

    public AlertLevel {
        if (severity == null || !SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + String.join(", ", SEVERITIES));
        }
        if (priority != null && !PRIORITIES.contains(priority)) {
            throw new IllegalArgumentException("priority must be one of " + String.join(", ", PRIORITIES));
        }
    }
}
