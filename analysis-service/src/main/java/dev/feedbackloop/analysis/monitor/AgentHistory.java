package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.support.readmodel.StoredKeys;
import dev.feedbackloop.analysis.drift.Bins;
import dev.feedbackloop.analysis.drift.FeatureHistogram;
import dev.feedbackloop.analysis.drift.Observations;
import dev.feedbackloop.analysis.drift.Psi;
import dev.feedbackloop.analysis.metrics.MetricCounts;
import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.analysis.FeatureDrift;
import dev.feedbackloop.kernel.analysis.PsiRule;
import dev.feedbackloop.kernel.analysis.RecordEvaluation;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An agent's recent hours, loaded once, and the evaluation of any hour boundary in them. Everything here is a pure
 * function of the hourly slices: evaluating the same hour again, now or after a replay, gives the same verdicts.
 * <p>
 * A rule condition at hour {@code H} computes its metric over {@code [H - window, H)} (and, for relative thresholds,
 * the baseline over the {@code baseline} before that window). With a {@code duration}, it is met when it held at
 * every hourly point of the last {@code duration} that had enough data; points without enough data neither break
 * nor make a run. It stops being met as soon as one point with data fails.
 */
final class AgentHistory {

    static final Duration HOUR = Duration.ofHours(1);
    /** How far back the start of a condition's run is looked for, past its duration. */
    static final Duration SINCE_HORIZON = Duration.ofDays(7);
    static final Set<String> SLICE_METRICS = Set.of("task_success_rate", "average_user_rating", "escalation_rate",
            "retry_rate", "follow_up_rate", "thumbs_up_rate", "negative_signals", "feedback_volume");

    private final String agentId;
    private final RuleBook rules;
    private final MonitorSettings settings;
    private final Psi psi;
    private final Instant pinnedFrom;
    private final Instant pinnedTo;
    /** Per feature-hour slice: feedback in the hour and each feature's histogram. */
    private final TreeMap<Instant, Long> feedbackPerHour = new TreeMap<>();
    private final TreeMap<Instant, Map<String, FeatureHistogram>> featuresPerHour = new TreeMap<>();
    /** Per list of scope keys, per scope, per hour: the metric counters. */
    private final Map<List<String>, Map<Map<String, String>, TreeMap<Instant, MetricCounts>>> slices = new HashMap<>();
    private final Map<String, Boolean> holds = new HashMap<>();
    private final Map<TreeMap<Instant, MetricCounts>, Map<String, MetricCounts>> sums = new java.util.IdentityHashMap<>();
    private Window current;
    private Window reference;

    AgentHistory(String agentId, RuleBook rules, MonitorSettings settings, Instant pinnedFrom, Instant pinnedTo,
                 List<Document> metricSlices, List<Document> featureSlices) {
        this.agentId = agentId;
        this.rules = rules;
        this.settings = settings;
        this.psi = new Psi(settings.emptyBinShare(), settings.minSamples());
        this.pinnedFrom = pinnedFrom;
        this.pinnedTo = pinnedTo;
        for (Document slice : featureSlices) {
            Instant hour = slice.getDate("hour").toInstant();
            feedbackPerHour.merge(hour, ((Number) slice.get("n")).longValue(), Long::sum);
            Map<String, FeatureHistogram> features = featuresPerHour.computeIfAbsent(hour, h -> new HashMap<>());
            Document f = slice.get("f", Document.class);
            if (f != null) {
                f.forEach((feature, keys) -> {
                    FeatureHistogram histogram = features.computeIfAbsent(StoredKeys.decode(feature),
                            k -> new FeatureHistogram());
                    ((Document) keys).forEach((key, n) -> {
                        long count = ((Number) n).longValue();
                        if (key.equals("~n")) {
                            histogram.addCarrying(count);
                        } else {
                            histogram.add(StoredKeys.decode(key), count);
                        }
                    });
                });
            }
        }
        Set<List<String>> scopeKeys = new java.util.HashSet<>();
        rules.rules().stream().filter(r -> !r.condition().isEvent() && SLICE_METRICS.contains(r.condition().metric()))
                .forEach(r -> scopeKeys.add(r.condition().scope()));
        for (Document slice : metricSlices) {
            Instant hour = slice.getDate("hour").toInstant();
            for (List<String> keys : scopeKeys) {
                Map<String, String> scope = new LinkedHashMap<>();
                boolean complete = true;
                for (String key : keys) {
                    String value = slice.getString(key);
                    complete &= value != null && !value.isEmpty();
                    scope.put(key, value);
                }
                if (complete) {
                    slices.computeIfAbsent(keys, k -> new HashMap<>()).computeIfAbsent(scope, s -> new TreeMap<>())
                            .computeIfAbsent(hour, h -> new MetricCounts()).add(slice);
                }
            }
        }
    }

    /** How far before the first evaluated hour the slices must reach for every evaluation to be complete. */
    static Duration lookback(RuleBook rules, MonitorSettings settings) {
        Duration longest = settings.currentWindow().plus(settings.referenceWindow());
        for (TriggerRule rule : rules.rules()) {
            RuleCondition c = rule.condition();
            if (c.isEvent() || !SLICE_METRICS.contains(c.metric())) {
                continue;
            }
            Duration needed = c.window().plus(c.duration()).plus(SINCE_HORIZON)
                    .plus(c.threshold().kind().comparesToBaseline() ? c.baseline() : Duration.ZERO);
            longest = needed.compareTo(longest) > 0 ? needed : longest;
        }
        return longest;
    }

    RecordEvaluation evaluate(Instant at) {
        Instant currentFrom = at.minus(settings.currentWindow());
        Instant referenceFrom = pinnedFrom != null ? pinnedFrom : currentFrom.minus(settings.referenceWindow());
        Instant referenceTo = pinnedTo != null ? pinnedTo : currentFrom;
        current = Window.slide(current, currentFrom, at, feedbackPerHour, featuresPerHour);
        reference = Window.slide(reference, referenceFrom, referenceTo, feedbackPerHour, featuresPerHour);
        List<FeatureDrift> drift = new ArrayList<>();
        Set<String> features = new TreeSet<>(current.features.keySet());
        features.addAll(reference.features.keySet());
        for (String feature : features) {
            drift.add(measure(feature, reference, current));
        }
        List<PsiRule> psiRules = rules.withMetric("input_distribution_psi").stream()
                .map(r -> new PsiRule(r.name(), r.condition().threshold().value(), r.condition().threshold().toString()))
                .toList();
        List<ConditionState> conditions = new ArrayList<>();
        for (TriggerRule rule : rules.rules()) {
            RuleCondition c = rule.condition();
            if (c.isEvent() || !SLICE_METRICS.contains(c.metric())) {
                continue;
            }
            slices.getOrDefault(c.scope(), Map.of()).forEach((scope, hours) ->
                    conditions.add(condition(rule, scope, hours, at)));
        }
        conditions.sort(java.util.Comparator.comparing((ConditionState s) -> s.rule()).thenComparing(s -> s.scope().toString()));
        return new RecordEvaluation(agentId, at, currentFrom, referenceFrom, referenceTo, drift, psiRules, conditions);
    }

    /** Both windows' histograms of a feature in the reference's bins, and the PSI between them. */
    Psi.Result compare(String feature, Window reference, Window current) {
        FeatureHistogram ref = reference.features.getOrDefault(feature, new FeatureHistogram());
        FeatureHistogram cur = current.features.getOrDefault(feature, new FeatureHistogram());
        Bins bins = ref.carrying() > 0 ? ref.referenceBins() : dev.feedbackloop.analysis.drift.CategoricalBins.of(List.of());
        return psi.compare(ref.countInto(bins, reference.feedback), cur.countInto(bins, current.feedback));
    }

    Bins bins(String feature) {
        FeatureHistogram ref = reference.features.getOrDefault(feature, new FeatureHistogram());
        return ref.carrying() > 0 ? ref.referenceBins() : dev.feedbackloop.analysis.drift.CategoricalBins.of(List.of());
    }

    Window current() {
        return current;
    }

    Window reference() {
        return reference;
    }

    private FeatureDrift measure(String feature, Window reference, Window current) {
        if (reference.feedback < settings.minSamples() || current.feedback < settings.minSamples()) {
            return new FeatureDrift(feature, null, "insufficient_data", reference.feedback, current.feedback);
        }
        Psi.Result result = compare(feature, reference, current);
        Double value = Double.isNaN(result.value()) ? null : round(result.value());
        return new FeatureDrift(feature, value, result.level().name().toLowerCase(), reference.feedback, current.feedback);
    }

    static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    private ConditionState condition(TriggerRule rule, Map<String, String> scope, TreeMap<Instant, MetricCounts> hours,
                                     Instant at) {
        RuleCondition c = rule.condition();
        Boolean met;
        Instant since = null;
        if (c.duration().isZero()) {
            met = holds(rule, scope, hours, at);
            since = Boolean.TRUE.equals(met) ? at : null;
        } else {
            boolean anyData = false;
            boolean failed = false;
            for (Instant t = at.minus(c.duration()).plus(HOUR); !t.isAfter(at); t = t.plus(HOUR)) {
                Boolean h = holds(rule, scope, hours, t);
                anyData |= h != null;
                failed |= Boolean.FALSE.equals(h);
            }
            met = failed ? Boolean.FALSE : anyData ? Boolean.TRUE : null;
            if (Boolean.TRUE.equals(met)) {
                since = at.minus(c.duration()).plus(HOUR);
                Instant horizon = at.minus(c.duration()).minus(SINCE_HORIZON);
                for (Instant t = since.minus(HOUR); t.isAfter(horizon) && !Boolean.FALSE.equals(holds(rule, scope, hours, t)); t = t.minus(HOUR)) {
                    since = t;
                }
            }
        }
        MetricCounts window = sum(hours, at.minus(c.window()), at);
        Double value = window.samples(c.metric()) == 0 && !RuleCondition.COUNT_METRICS.contains(c.metric())
                ? null : window.metric(c.metric());
        Double baseline = c.threshold().kind().comparesToBaseline() ? baseline(c, hours, at) : null;
        return new ConditionState(rule.name(), c.metric(), scope, met, value == null ? null : round(value),
                baseline == null ? null : round(baseline), c.threshold().toString(), since);
    }

    /** Whether the condition holds at point {@code t}; null when there is too little data to tell. */
    private Boolean holds(TriggerRule rule, Map<String, String> scope, TreeMap<Instant, MetricCounts> hours, Instant t) {
        String key = rule.name() + "|" + scope + "|" + t;
        if (holds.containsKey(key)) {
            return holds.get(key);
        }
        RuleCondition c = rule.condition();
        Boolean result = null;
        Double value = value(c, sum(hours, t.minus(c.window()), t));
        if (value != null) {
            Threshold threshold = c.threshold();
            if (threshold.kind().comparesToBaseline()) {
                Double baseline = baseline(c, hours, t);
                result = baseline == null ? null : threshold.holds(value, baseline);
            } else {
                result = threshold.holds(value, null);
            }
        }
        holds.put(key, result);
        return result;
    }

    private Double baseline(RuleCondition c, TreeMap<Instant, MetricCounts> hours, Instant t) {
        Instant end = t.minus(c.window());
        Double value = value(c, sum(hours, end.minus(c.baseline()), end));
        if (value != null && RuleCondition.COUNT_METRICS.contains(c.metric())) {
            // a count over the baseline, scaled to one window, so "drop > 50%" compares like with like
            value = value * c.window().toMinutes() / c.baseline().toMinutes();
        }
        return value;
    }

    private Double value(RuleCondition c, MetricCounts counts) {
        if (RuleCondition.COUNT_METRICS.contains(c.metric())) {
            return counts.metric(c.metric());
        }
        return counts.samples(c.metric()) < c.minSamples() ? null : counts.metric(c.metric());
    }

    private MetricCounts sum(TreeMap<Instant, MetricCounts> hours, Instant from, Instant to) {
        return sums.computeIfAbsent(hours, h -> new HashMap<>()).computeIfAbsent(from + "|" + to, k -> {
            MetricCounts total = new MetricCounts();
            hours.subMap(from, true, to, false).values().forEach(total::addCounters);
            return total;
        });
    }

    /** The sum of a window of hourly feature histograms, moved by adding and subtracting hours. */
    static final class Window {
        Instant from;
        Instant to;
        long feedback;
        final Map<String, FeatureHistogram> features = new HashMap<>();

        static Window slide(Window window, Instant from, Instant to, TreeMap<Instant, Long> feedbackPerHour,
                            TreeMap<Instant, Map<String, FeatureHistogram>> featuresPerHour) {
            if (window != null && window.from.equals(from) && window.to.equals(to)) {
                return window;
            }
            if (window == null || !from.isAfter(window.from) || from.isAfter(window.to)
                    || !to.isAfter(window.to)) {
                window = new Window();
                window.from = from;
                window.to = from;
            }
            window.add(window.to, to, 1, feedbackPerHour, featuresPerHour);
            window.add(window.from, from, -1, feedbackPerHour, featuresPerHour);
            window.from = from;
            window.to = to;
            return window;
        }

        private void add(Instant start, Instant end, int sign, TreeMap<Instant, Long> feedbackPerHour,
                         TreeMap<Instant, Map<String, FeatureHistogram>> featuresPerHour) {
            if (!start.isBefore(end)) {
                return;
            }
            feedbackPerHour.subMap(start, true, end, false).values().forEach(n -> feedback += sign * n);
            featuresPerHour.subMap(start, true, end, false).values().forEach(hour -> hour.forEach((feature, h) ->
                    features.computeIfAbsent(feature, f -> new FeatureHistogram()).add(h, sign)));
            features.values().removeIf(h -> h.carrying() == 0);
        }
    }

    static Instant floorHour(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
