package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.rules.ActionType;
import dev.feedbackloop.kernel.rules.RuleAction;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.kernel.rules.TriggerRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the loaded YAML tree (maps, lists, scalars) into a {@link RuleBook}, noting every problem on the way
 * instead of stopping at the first, each prefixed with the rule and the path of the field.
 */
final class RuleFileReader {

    static final String ROOT = "automated_triggers";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_\\-]+");
    private static final List<String> RULE_KEYS = List.of("name", "condition", "actions");
    private static final List<String> CONDITION_KEYS = List.of("metric", "event", "threshold", "duration", "window",
            "baseline", "min_samples", "scope");
    private static final List<String> METRIC_ONLY_KEYS = List.of("threshold", "duration", "window", "baseline",
            "min_samples");

    private final List<String> problems = new ArrayList<>();

    List<String> problems() {
        return problems;
    }

    /** The rule book, or null when {@link #problems()} says why there is none. */
    RuleBook read(Object root) {
        if (root == null) {
            problems.add(ROOT + ": missing; the file is empty");
            return null;
        }
        if (!(root instanceof Map<?, ?> top)) {
            problems.add("the file must be a mapping with the key " + ROOT);
            return null;
        }
        unknownKeys(top, List.of(ROOT), "", null);
        Object entries = top.get(ROOT);
        if (!top.containsKey(ROOT)) {
            problems.add(ROOT + ": missing; the rules are listed under it");
            return null;
        }
        if (!(entries instanceof List<?> list)) {
            problems.add(ROOT + ": must be a list of rules, each starting with \"- name:\"");
            return null;
        }
        List<TriggerRule> rules = new ArrayList<>();
        Map<String, Integer> numberByName = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            int number = i + 1;
            TriggerRule rule = rule(list.get(i), number, numberByName);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return problems.isEmpty() ? new RuleBook(rules) : null;
    }

    private TriggerRule rule(Object entry, int number, Map<String, Integer> numberByName) {
        Object rawName = entry instanceof Map<?, ?> m ? m.get("name") : null;
        String label = rawName instanceof String s && !s.isBlank() ? "rule '" + s + "' (#" + number + ")" : "rule #" + number;
        Where where = new Where(label);
        int before = problems.size();
        if (!(entry instanceof Map<?, ?> map)) {
            where.problem("", "must be a mapping with name, condition and actions");
            return null;
        }
        unknownKeys(map, RULE_KEYS, "", where);

        String name = text(map, "name", "name", where);
        if (!map.containsKey("name")) {
            where.problem("name", "missing");
        } else if (name != null) {
            if (!NAME.matcher(name).matches()) {
                where.problem("name", quoted(name) + " may only use a-z, 0-9, '_' and '-'");
            } else if (numberByName.containsKey(name)) {
                where.problem("name", quoted(name) + " is already the name of rule #" + numberByName.get(name));
            } else {
                numberByName.put(name, number);
            }
        }

        RuleCondition condition = null;
        Object rawCondition = map.get("condition");
        if (rawCondition == null) {
            where.problem("condition", "missing; it names the metric or event the rule watches");
        } else if (!(rawCondition instanceof Map<?, ?> conditionMap)) {
            where.problem("condition", "must be a mapping with a metric or an event");
        } else {
            condition = condition(conditionMap, where);
        }

        List<RuleAction> actions = new ArrayList<>();
        Object rawActions = map.get("actions");
        if (!(rawActions instanceof List<?> actionList) || actionList.isEmpty()) {
            where.problem("actions", rawActions == null ? "missing; a rule needs at least one action"
                    : "must be a non-empty list of actions, each starting with \"- type:\"");
        } else {
            for (int j = 0; j < actionList.size(); j++) {
                RuleAction action = action(actionList.get(j), "actions[" + j + "]", where);
                if (action != null) {
                    actions.add(action);
                }
            }
        }

        if (problems.size() > before || condition == null) {
            return null;
        }
        try {
            return new TriggerRule(name, condition, actions);
        } catch (IllegalArgumentException e) {
            where.problem("", e.getMessage());
            return null;
        }
    }

    private RuleCondition condition(Map<?, ?> map, Where where) {
        int before = problems.size();
        unknownKeys(map, CONDITION_KEYS, "condition.", where);
        String metric = text(map, "metric", "condition.metric", where);
        String event = text(map, "event", "condition.event", where);
        if (map.containsKey("metric") && map.containsKey("event")) {
            where.problem("condition", "names both a metric and an event; a rule watches one of them");
        } else if (!map.containsKey("metric") && !map.containsKey("event")) {
            where.problem("condition", "needs a metric (" + String.join(", ", RuleCondition.METRICS)
                    + ") or an event (" + String.join(", ", RuleCondition.EVENTS) + ")");
        }
        if (metric != null) {
            known(metric, RuleCondition.METRICS, "metric", "condition.metric", where);
        }
        if (event != null) {
            known(event, RuleCondition.EVENTS, "event", "condition.event", where);
        }
        boolean onEvent = map.containsKey("event") && !map.containsKey("metric");
        if (onEvent) {
            for (String key : METRIC_ONLY_KEYS) {
                if (map.containsKey(key)) {
                    where.problem("condition." + key, "an event condition takes no " + key
                            + "; it fires once for each event");
                }
            }
        }

        Threshold threshold = null;
        if (map.containsKey("threshold") && !onEvent) {
            threshold = threshold(map.get("threshold"), metric, where);
        } else if (!onEvent && map.containsKey("metric")) {
            where.problem("condition.threshold", "missing; a metric condition needs one like " + Threshold.EXAMPLES);
        }
        Duration duration = onEvent ? null : duration(map, "duration", where);
        Duration window = onEvent ? null : duration(map, "window", where);
        Duration baseline = onEvent ? null : duration(map, "baseline", where);
        if (baseline != null && threshold != null && !threshold.kind().comparesToBaseline()) {
            where.problem("condition.baseline", "only a drop or rise (\"drop > 5%\") is compared with a baseline, "
                    + quoted(threshold.toString()) + " is not");
        }
        Integer minSamples = onEvent ? null : minSamples(map, metric, where);
        List<String> scope = scope(map.get("scope"), map.containsKey("scope"), where);

        if (problems.size() > before) {
            return null;
        }
        try {
            return new RuleCondition(metric, event, threshold, duration, window, baseline, minSamples, scope);
        } catch (IllegalArgumentException e) {
            where.problem("condition", e.getMessage());
            return null;
        }
    }

    private Threshold threshold(Object value, String metric, Where where) {
        if (!(value instanceof String || value instanceof Number)) {
            where.problem("condition.threshold", "must be a comparison like " + Threshold.EXAMPLES);
            return null;
        }
        try {
            Threshold threshold = Threshold.parse(String.valueOf(value));
            if (metric != null && RuleCondition.ABSOLUTE_ONLY_METRICS.contains(metric)
                    && threshold.kind().comparesToBaseline()) {
                where.problem("condition.threshold", metric + " takes only an absolute threshold like \"> 0.25\", not "
                        + quoted(String.valueOf(value)));
                return null;
            }
            return threshold;
        } catch (IllegalArgumentException e) {
            where.problem("condition.threshold", e.getMessage());
            return null;
        }
    }

    private Duration duration(Map<?, ?> map, String key, Where where) {
        if (!map.containsKey(key)) {
            return null;
        }
        Object value = map.get(key);
        String path = "condition." + key;
        if (!(value instanceof String || value instanceof Number)) {
            where.problem(path, "must be a duration like " + RuleDurations.EXAMPLES);
            return null;
        }
        try {
            Duration duration = RuleDurations.parse(String.valueOf(value));
            if (duration.isNegative() || duration.isZero()) {
                where.problem(path, "must be positive, was " + quoted(String.valueOf(value)));
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            where.problem(path, e.getMessage());
            return null;
        }
    }

    private Integer minSamples(Map<?, ?> map, String metric, Where where) {
        if (!map.containsKey("min_samples")) {
            return null;
        }
        Object value = map.get("min_samples");
        if (!(value instanceof Integer count) || count < 1) {
            where.problem("condition.min_samples", "must be a whole number of at least 1, was " + value);
            return null;
        }
        if (metric != null && RuleCondition.COUNT_METRICS.contains(metric)) {
            where.problem("condition.min_samples", metric + " is a count; min_samples applies only to rates and averages");
            return null;
        }
        return count;
    }

    private List<String> scope(Object value, boolean present, Where where) {
        if (!present) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            where.problem("condition.scope", "must be a list like [agent_id, intent_category]");
            return null;
        }
        Set<String> dimensions = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "condition.scope[" + i + "]";
            if (!(list.get(i) instanceof String dimension)) {
                where.problem(path, "must be one of " + String.join(", ", RuleCondition.SCOPE_DIMENSIONS));
            } else if (known(dimension, RuleCondition.SCOPE_DIMENSIONS, "scope dimension", path, where)
                    && !dimensions.add(dimension)) {
                where.problem(path, quoted(dimension) + " is listed twice");
            }
        }
        return List.copyOf(dimensions);
    }

    private RuleAction action(Object entry, String path, Where where) {
        if (!(entry instanceof Map<?, ?> map)) {
            where.problem(path, "must be a mapping like {type: alert, channel: slack-ml-team}");
            return null;
        }
        int before = problems.size();
        String type = text(map, "type", path + ".type", where);
        if (!map.containsKey("type")) {
            where.problem(path + ".type", "missing; one of " + String.join(", ", ActionType.KNOWN.keySet()));
            return null;
        }
        if (type == null || !known(type, ActionType.KNOWN.keySet(), "action type", path + ".type", where)) {
            return null;
        }
        ActionType actionType = ActionType.KNOWN.get(type);
        List<String> allowedKeys = new ArrayList<>();
        allowedKeys.add("type");
        allowedKeys.addAll(actionType.parameters());
        for (Object key : map.keySet()) {
            if (!allowedKeys.contains(String.valueOf(key))) {
                String takes = actionType.parameters().isEmpty() ? "it takes no parameters"
                        : "it takes " + String.join(", ", actionType.parameters());
                where.problem(path + "." + key, "unknown parameter of " + type
                        + suggestion(String.valueOf(key), actionType.parameters()).orElse("; " + takes));
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : actionType.parameters()) {
            String parameterPath = path + "." + parameter;
            if (!map.containsKey(parameter)) {
                if (actionType.required().contains(parameter)) {
                    where.problem(parameterPath, "missing; " + type + " needs it");
                }
                continue;
            }
            Object value = map.get(parameter);
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
                    || String.valueOf(value).isBlank()) {
                where.problem(parameterPath, "must be a non-empty text");
                continue;
            }
            String text = String.valueOf(value);
            Set<String> allowed = actionType.allowedValues(parameter);
            if (!allowed.isEmpty() && !allowed.contains(text)) {
                where.problem(parameterPath, quoted(text) + " is not one of " + String.join(", ", allowed));
                continue;
            }
            parameters.put(parameter, text);
        }
        return problems.size() > before ? null : new RuleAction(type, parameters);
    }

    /** The key's value when it is a non-blank text; notes a problem when the key is there but its value is not. */
    private String text(Map<?, ?> map, String key, String path, Where where) {
        if (!map.containsKey(key)) {
            return null;
        }
        Object value = map.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            where.problem(path, "must be a non-empty text");
            return null;
        }
        return text;
    }

    private boolean known(String value, Collection<String> known, String what, String path, Where where) {
        if (known.contains(value)) {
            return true;
        }
        where.problem(path, "unknown " + what + " " + quoted(value)
                + suggestion(value, known).orElse("; known: " + String.join(", ", known)));
        return false;
    }

    private void unknownKeys(Map<?, ?> map, List<String> allowed, String prefix, Where where) {
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (!allowed.contains(name)) {
                String message = "unknown key" + suggestion(name, allowed).orElse("; allowed: " + String.join(", ", allowed));
                if (where == null) {
                    problems.add(prefix + name + ": " + message);
                } else {
                    where.problem(prefix + name, message);
                }
            }
        }
    }

    private static Optional<String> suggestion(String typed, Collection<String> known) {
        return ClosestName.to(typed, known).map(k -> "; did you mean " + quoted(k) + "?");
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** The rule a problem belongs to, as messages name it. */
    private final class Where {
        private final String label;

        Where(String label) {
            this.label = label;
        }

        void problem(String path, String message) {
            problems.add(label + ": " + (path.isEmpty() ? "" : path + ": ") + message);
        }
    }
}
