package dev.feedbackloop.kernel.rules;

import java.util.List;

/** One entry of automated_triggers: when the condition holds, each action runs, in order. */
public record TriggerRule(String name, RuleCondition condition, List<RuleAction> actions) {

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
        actions = List.copyOf(actions);
    }
}
