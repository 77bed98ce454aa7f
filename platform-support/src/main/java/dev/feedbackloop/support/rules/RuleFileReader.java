package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.rules.ActionType;
import dev.feedbackloop.kernel.rules.AlertLevel;
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
 * instead of stopping at the first, each prefixed with the rule (or alert) and the path of the field. A rule is read
 * only when the monitor can evaluate it as written: a setting it would ignore is refused here, naming the key.
 */
final class RuleFileReader {

    static final String ROOT = "automated_triggers";
    static final String ALERTS = "alerts";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_\\-]+");
    private static final List<String> RULE_KEYS = List.of("name", "condition", "actions");
    private static final List<String> CONDITION_KEYS = List.of("metric", "event", "threshold", "duration", "window",
            "baseline", "min_samples", "scope");
    private static final List<String> METRIC_ONLY_KEYS = List.of("threshold", "duration", "window", "baseline",
            "min_samples");
    private static final List<String> ALERT_KEYS = List.of("name", "metric", "condition", "duration", "severity",
            "channels", "runbook", "auto_action", "priority", "window", "baseline", "min_samples", "scope");
    /** Where a condition's settings are written: under {@code condition.} in a rule, at the top of an alert. */
    private record Keys(String prefix, String threshold) {
        static final Keys RULE = new Keys("condition.", "threshold");
        static final Keys ALERT = new Keys("", "condition");

        String path(String key) {
            return prefix + (key.equals("threshold") ? threshold : key);
        }

        String condition() {
            return prefix.isEmpty() ? "" : "condition";
        }
    }

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
            problems.add("the file must be a mapping with the key " + ROOT + " (and, for the alert matrix, " + ALERTS + ")");
            return null;
        }
        unknownKeys(top, List.of(ROOT, ALERTS), "", null);
        if (!top.containsKey(ROOT) && !top.containsKey(ALERTS)) {
            problems.add(ROOT + ": missing; the rules are listed under it");
            return null;
        }
        List<TriggerRule> rules = new ArrayList<>();
        Map<String, String> labelByName = new HashMap<>();
        if (top.containsKey(ROOT)) {
            if (!(top.get(ROOT) instanceof List<?> list)) {
                problems.add(ROOT + ": must be a list of rules, each starting with \"- name:\"");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    TriggerRule rule = rule(list.get(i), i + 1, labelByName);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
        }
        if (top.containsKey(ALERTS)) {
            if (!(top.get(ALERTS) instanceof List<?> list)) {
                problems.add(ALERTS + ": must be a list of alerts, each starting with \"- name:\"");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    TriggerRule alert = alert(list.get(i), i + 1, labelByName);
                    if (alert != null) {
                        rules.add(alert);
                    }
                }
            }
        }
        return problems.isEmpty() ? new RuleBook(rules) : null;
    }

    /** Checks a name and records it; {@code kind} is "rule" or "alert". */
    private String name(Map<?, ?> map, String kind, int number, Map<String, String> labelByName, Where where) {
        String name = text(map, "name", "name", where);
        if (!map.containsKey("name")) {
            where.problem("name", "missing");
        } else if (name != null) {
            if (!NAME.matcher(name).matches()) {
                where.problem("name", quoted(name) + " may only use a-z, 0-9, '_' and '-'");
            } else if (labelByName.containsKey(name)) {
                where.problem("name", quoted(name) + " is already the name of " + labelByName.get(name));
            } else {
                labelByName.put(name, kind + " #" + number);
            }
        }
        return name;
    }

    private TriggerRule rule(Object entry, int number, Map<String, String> labelByName) {
        Where where = new Where(label("rule", entry, number));
        int before = problems.size();
        if (!(entry instanceof Map<?, ?> map)) {
            where.problem("", "must be a mapping with name, condition and actions");
            return null;
        }
        unknownKeys(map, RULE_KEYS, "", where);
        String name = name(map, "rule", number, labelByName, where);

        RuleCondition condition = null;
        Object rawCondition = map.get("condition");
        if (rawCondition == null) {
            where.problem("condition", "missing; it names the metric or event the rule watches");
        } else if (!(rawCondition instanceof Map<?, ?> conditionMap)) {
            where.problem("condition", "must be a mapping with a metric or an event");
        } else {
            condition = condition(conditionMap, Keys.RULE, false, where);
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

    private static String label(String kind, Object entry, int number) {
        Object rawName = entry instanceof Map<?, ?> m ? m.get("name") : null;
        return rawName instanceof String s && !s.isBlank() ? kind + " '" + s + "' (#" + number + ")" : kind + " #" + number;
    }

    /**
     * One entry of {@code alerts} (spec 21.3.2): a metric, a condition (its threshold), a duration, a severity and
     * the channels to alert, optionally a runbook and an auto_action, read as a rule whose actions are an alert on
     * each channel and the auto_action. Window, baseline, min_samples, scope and priority may be added.
     */
    private TriggerRule alert(Object entry, int number, Map<String, String> labelByName) {
        Where where = new Where(label("alert", entry, number));
        int before = problems.size();
        if (!(entry instanceof Map<?, ?> map)) {
            where.problem("", "must be a mapping with name, metric, condition, severity and channels");
            return null;
        }
        unknownKeys(map, ALERT_KEYS, "", where);
        String name = name(map, "alert", number, labelByName, where);
        if (!map.containsKey("metric")) {
            where.problem("metric", "missing; an alert watches one of "
                    + String.join(", ", alertMetrics()));
        }
        RuleCondition condition = map.containsKey("metric") ? condition(map, Keys.ALERT, true, where) : null;

        String severity = text(map, "severity", "severity", where);
        if (!map.containsKey("severity")) {
            where.problem("severity", "missing; one of " + String.join(", ", AlertLevel.SEVERITIES));
        } else if (severity != null && !AlertLevel.SEVERITIES.contains(severity)) {
            where.problem("severity", quoted(severity) + " is not one of " + String.join(", ", AlertLevel.SEVERITIES));
        }
        String priority = text(map, "priority", "priority", where);
        if (priority != null && !AlertLevel.PRIORITIES.contains(priority)) {
            where.problem("priority", quoted(priority) + " is not one of " + String.join(", ", AlertLevel.PRIORITIES));
        }
        String runbook = text(map, "runbook", "runbook", where);
        String autoAction = text(map, "auto_action", "auto_action", where);
        if (autoAction != null && !NAME.matcher(autoAction).matches()) {
            where.problem("auto_action", quoted(autoAction) + " may only use a-z, 0-9, '_' and '-'");
        }
        List<String> channels = new ArrayList<>();
        Object rawChannels = map.get("channels");
        if (!(rawChannels instanceof List<?> list) || list.isEmpty()) {
            where.problem("channels", rawChannels == null ? "missing; an alert goes to at least one channel"
                    : "must be a non-empty list of channel names like [\"slack-oncall\"]");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String channel) || channel.isBlank()) {
                    where.problem("channels[" + i + "]", "must be a non-empty text");
                } else if (channels.contains(channel)) {
                    where.problem("channels[" + i + "]", quoted(channel) + " is listed twice");
                } else {
                    channels.add(channel);
                }
            }
        }
        if (problems.size() > before || condition == null) {
            return null;
        }
        List<RuleAction> actions = new ArrayList<>();
        for (String channel : channels) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("channel", channel);
            parameters.put("severity", severity);
            if (runbook != null) {
                parameters.put("runbook", runbook);
            }
            actions.add(new RuleAction(ActionType.ALERT.name(), parameters));
        }
        if (autoAction != null) {
            actions.add(new RuleAction(ActionType.AUTO_ACTION.name(), Map.of("action", autoAction)));
        }
        try {
            return new TriggerRule(name, condition, actions, new AlertLevel(severity, priority));
        } catch (IllegalArgumentException e) {
            where.problem("", e.getMessage());
            return null;
        }
    }

    /** The metrics an alert may watch: what users say and what the agent does. */
    private static List<String> alertMetrics() {
        return Metric.names().stream().filter(n -> alertable(Metric.named(n))).toList();
    }

    private static boolean alertable(Metric metric) {
        return metric.source() == Metric.Source.FEEDBACK || metric.source() == Metric.Source.INTERACTIONS;
    }

    private RuleCondition condition(Map<?, ?> map, Keys keys, boolean alert, Where where) {
        int before = problems.size();
        if (!alert) {
            unknownKeys(map, CONDITION_KEYS, "condition.", where);
        }
        String metric = text(map, "metric", keys.path("metric"), where);
        String event = alert ? null : text(map, "event", "condition.event", where);
        if (!alert && map.containsKey("metric") && map.containsKey("event")) {
            where.problem("condition", "names both a metric and an event; a rule watches one of them");
        } else if (!alert && !map.containsKey("metric") && !map.containsKey("event")) {
            where.problem("condition", "needs a metric (" + String.join(", ", Metric.names())
                    + ") or an event (" + String.join(", ", RuleCondition.EVENTS) + ")");
        }
        Metric measure = null;
        if (metric != null && known(metric, Metric.names(), "metric", keys.path("metric"), where)) {
            measure = Metric.named(metric);
            if (alert && !alertable(measure)) {
                where.problem("metric", metric + " is for automated_triggers; an alert watches one of "
                        + String.join(", ", alertMetrics()));
                measure = null;
            }
        }
        if (event != null) {
            known(event, RuleCondition.EVENTS, "event", "condition.event", where);
        }
        boolean onEvent = !alert && map.containsKey("event") && !map.containsKey("metric");
        if (onEvent) {
            for (String key : METRIC_ONLY_KEYS) {
                if (map.containsKey(key)) {
                    where.problem("condition." + key, "an event condition takes no " + key
                            + "; it fires once for each event");
                }
            }
        }

        String thresholdKey = keys.threshold();
        Threshold threshold = null;
        if (map.containsKey(thresholdKey) && !onEvent) {
            threshold = threshold(map.get(thresholdKey), metric, keys.path("threshold"), where);
        } else if (!onEvent && map.containsKey("metric")) {
            where.problem(keys.path("threshold"), "missing; a metric condition needs one like " + Threshold.EXAMPLES);
        }
        Duration duration = onEvent ? null : duration(map, "duration", keys, where);
        Duration window = onEvent ? null : duration(map, "window", keys, where);
        Duration baseline = onEvent ? null : duration(map, "baseline", keys, where);
        if (baseline != null && threshold != null && !threshold.kind().comparesToBaseline()) {
            where.problem(keys.path("baseline"), "only a drop or rise (\"drop > 5%\") or a multiple of the baseline"
                    + " (\"> 1.5x baseline\") is compared with a baseline, " + quoted(threshold.toString()) + " is not");
        }
        if (baseline != null && !wholeHours(baseline)) {
            where.problem(keys.path("baseline"), "must be a whole number of hours (baselines move by the hour), was "
                    + quoted(String.valueOf(map.get("baseline"))));
            baseline = null;
        }
        Integer minSamples = onEvent ? null : minSamples(map, measure, keys, where);
        List<String> scope = scope(map.get("scope"), map.containsKey("scope"), keys, where);
        if (measure != null) {
            evaluable(map, measure, threshold, window, keys, where);
        }

        if (problems.size() > before) {
            return null;
        }
        try {
            return new RuleCondition(metric, event, threshold, duration, window, baseline, minSamples, scope);
        } catch (IllegalArgumentException e) {
            where.problem(keys.condition(), e.getMessage());
            return null;
        }
    }

    /**
     * Refuses what the monitor would not honour for this metric: drift is measured each hour over the monitor's own
     * windows, per feature; a failure cluster's size is its size over 24 hours, per cluster. Neither takes a
     * duration, another window, a baseline or a scope.
     */
    private void evaluable(Map<?, ?> map, Metric metric, Threshold threshold, Duration window, Keys keys, Where where) {
        String why = switch (metric.source()) {
            case DRIFT -> metric.wireName() + " is measured each hour over platform.monitor.current-window against"
                    + " the reference window, per feature";
            case FAILURES -> metric.wireName() + " is the size of one failure cluster over its last 24 hours";
            default -> null;
        };
        if (why == null) {
            return;
        }
        for (String key : List.of("duration", "baseline", "scope")) {
            if (map.containsKey(key)) {
                where.problem(keys.path(key), why + "; it takes no " + key);
            }
        }
        if (map.containsKey("window") && (metric.source() == Metric.Source.DRIFT
                || (window != null && !window.equals(RuleCondition.COUNT_WINDOW)))) {
            where.problem(keys.path("window"), why + "; it takes no other window");
        }
        if (threshold != null && metric.source() == Metric.Source.DRIFT
                && (threshold.kind() != Threshold.Kind.ABSOLUTE || threshold.comparator() != Threshold.Comparator.GT)) {
            where.problem(keys.path("threshold"), metric.wireName() + " takes only a threshold like \"> 0.25\", not "
                    + quoted(threshold.toString()));
        }
        if (threshold != null && metric.source() == Metric.Source.FAILURES && threshold.kind().comparesToBaseline()) {
            where.problem(keys.path("threshold"), metric.wireName() + " takes only an absolute threshold like \"> 20\","
                    + " not " + quoted(threshold.toString()));
        }
    }

    private static boolean wholeHours(Duration d) {
        return d.toNanosPart() == 0 && d.toSecondsPart() == 0 && d.toMinutesPart() == 0;
    }

    private Threshold threshold(Object value, String metric, String path, Where where) {
        if (!(value instanceof String || value instanceof Number)) {
            where.problem(path, "must be a comparison like " + Threshold.EXAMPLES);
            return null;
        }
        try {
            Threshold threshold = Threshold.parse(String.valueOf(value));
            if (metric != null && Metric.byName(metric).map(m -> m.source() == Metric.Source.DRIFT).orElse(false)
                    && threshold.kind().comparesToBaseline()) {
                where.problem(path, metric + " takes only an absolute threshold like \"> 0.25\", not "
                        + quoted(String.valueOf(value)));
                return null;
            }
            return threshold;
        } catch (IllegalArgumentException e) {
            where.problem(path, e.getMessage());
            return null;
        }
    }

    /** A positive duration of whole minutes: the monitor evaluates at most once a minute. */
    private Duration duration(Map<?, ?> map, String key, Keys keys, Where where) {
        if (!map.containsKey(key)) {
            return null;
        }
        Object value = map.get(key);
        String path = keys.path(key);
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
            if (duration.toNanosPart() != 0 || duration.toSecondsPart() != 0) {
                where.problem(path, "must be a whole number of minutes (the monitor evaluates once a minute at"
                        + " most), was " + quoted(String.valueOf(value)));
                return null;
            }
            return duration;
        } catch (IllegalArgumentException e) {
            where.problem(path, e.getMessage());
            return null;
        }
    }

    private Integer minSamples(Map<?, ?> map, Metric metric, Keys keys, Where where) {
        if (!map.containsKey("min_samples")) {
            return null;
        }
        Object value = map.get("min_samples");
        String path = keys.path("min_samples");
        if (!(value instanceof Integer count) || count < 1) {
            where.problem(path, "must be a whole number of at least 1, was " + value);
            return null;
        }
        if (metric != null && !RuleCondition.takesSamples(metric)) {
            String what = metric.isCount() ? "a count" : metric.fold() == Metric.Fold.PER_TIME ? "a rate per time"
                    : "a score";
            where.problem(path, metric.wireName() + " is " + what
                    + "; min_samples applies only to rates, averages and percentiles");
            return null;
        }
        return count;
    }

    private List<String> scope(Object value, boolean present, Keys keys, Where where) {
        if (!present) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            where.problem(keys.path("scope"), "must be a list like [agent_id, intent_category]");
            return null;
        }
        Set<String> dimensions = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = keys.path("scope") + "[" + i + "]";
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
