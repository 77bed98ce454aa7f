package dev.feedbackloop.kernel.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every rule in force: the automated triggers, then the alerts, each in the order the rule file lists them; names
 * are unique across both.
 */
public record RuleBook(List<TriggerRule> rules) {

    public RuleBook {
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (TriggerRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two trigger rules are named '" + rule.name() + "'");
            }
        }
    }

    public Optional<TriggerRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The rules whose condition watches this metric. */
    public List<TriggerRule> withMetric(String metric) {
        return rules.stream().filter(r -> metric.equals(r.condition().metric())).toList();
    }

    /** The alerts of the alert matrix (rules with a level). */
    public List<TriggerRule> alerts() {
        return rules.stream().filter(TriggerRule::isAlert).toList();
    }

    /** The rules whose condition fires on this event. */
    public List<TriggerRule> withEvent(String event) {
        return rules.stream().filter(r -> event.equals(r.condition().event())).toList();
    }
}
