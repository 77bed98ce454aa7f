package dev.feedbackloop.kernel.rules;

import java.util.List;

/**
 * One entry of automated_triggers or of alerts: when the condition holds, each action runs, in order. An alert
 * (spec 21.3.2) is a rule with an {@link AlertLevel}; its actions are an {@code alert} on each of its channels and,
 * with an {@code auto_action}, an {@code auto_action} action. {@code level} is null for automated_triggers.
 */
public record TriggerRule(String name, RuleCondition condition, List<RuleAction> actions, AlertLevel level) {

    public TriggerRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a trigger rule needs a name");
        }
        if (condition == null) {
            throw new IllegalArgumentException("trigger rule '" + name + "' needs a condition");
        }
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("trigger rule '" + name + "' needs at least one action");
        }
        if (level != null && condition.isEvent()) {
            throw new IllegalArgumentException("alert '" + name + "' needs a metric condition");
        }
        actions = List.copyOf(actions);
    }

    public TriggerRule(String name, RuleCondition condition, List<RuleAction> actions) {
        this(name, condition, actions, null);
    }

    /** Whether this rule is an alert of the alert matrix rather than an automated trigger. */
    public boolean isAlert() {
        return level != null;
    }
}
