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
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.TriggerRule;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An agent's recent hours, loaded once, and the evaluation of any hour boundary in them: the drift of each feature
 * and the state of the rules evaluated hourly on feedback ({@link ConditionEngine} defines when a condition holds).
 * Everything here is a pure function of the hourly slices: evaluating the same hour again, now or after a replay,
 * gives the same verdicts.
 */
final class AgentHistory {

    static final Duration HOUR = Duration.ofHours(1);

    private final String agentId;
    private final RuleBook rules;
    private final MonitorSettings settings;
    private final Psi psi;
    private final Instant pinnedFrom;
    private final Instant pinnedTo;
    private final Instant firstData;
    /** Per feature-hour slice: feedback in the hour and each feature's histogram. */
    private final TreeMap<Instant, Long> feedbackPerHour = new TreeMap<>();
    private final TreeMap<Instant, Map<String, FeatureHistogram>> featuresPerHour = new TreeMap<>();
    private final List<TriggerRule> conditionRules;
    private final ScopedBuckets<MetricCounts> slices;
    private final Map<String, ConditionEngine> engines = new HashMap<>();
    private final Map<String, ConditionEngine.Measure> measures = new HashMap<>();
    private Window current;
    private Window reference;

    /**
     * @param firstData when the agent's feedback began (event time); relative thresholds wait for enough of it
     */
    AgentHistory(String agentId, RuleBook rules, MonitorSettings settings, Instant pinnedFrom, Instant pinnedTo,
                 List<Document> metricSlices, List<Document> featureSlices, Instant firstData) {
        this.agentId = agentId;
        this.rules = rules;
        this.settings = settings;
        this.psi = new Psi(settings.emptyBinShare(), settings.minSamples());
        this.pinnedFrom = pinnedFrom;
        this.pinnedTo = pinnedTo;
        this.firstData = firstData;
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
        this.conditionRules = hourlyFeedbackRules(rules);
        this.slices = feedbackBuckets(conditionRules);
        for (Document series : metricSlices) {
            addSeries(slices, series, false);
        }
    }

    /** The rules evaluated hour by hour on feedback, with drift. */
    static List<TriggerRule> hourlyFeedbackRules(RuleBook rules) {
        return rules.rules().stream().filter(r -> !r.condition().isEvent()
                && r.condition().measure().source() == Metric.Source.FEEDBACK
                && r.condition().step().equals(RuleCondition.HOUR)).toList();
    }

    static ScopedBuckets<MetricCounts> feedbackBuckets(List<TriggerRule> rules) {
        return new ScopedBuckets<>(rules.stream().map(r -> r.condition().scope()).distinct().toList(),
                MetricCounts::new, MetricCounts::addCounters);
    }

    /** Adds one stored series (see MetricsProjection#series) to the scopes it belongs to. */
    static void addSeries(ScopedBuckets<MetricCounts> buckets, Document series, boolean minute) {
        MetricCounts counts = new MetricCounts().add(series);
        buckets.add(series.getString("agent_id"), series.getString("agent_version"),
                series.getString("intent_category"), series.getDate("hour").toInstant(), minute, counts);
    }

    static ConditionEngine.Reading feedbackReading(MetricCounts counts, Metric metric) {
        return new ConditionEngine.Reading(counts.metric(metric.wireName()), counts.samples(metric.wireName()));
    }

    /** How far before the first evaluated hour the slices must reach for every evaluation to be complete. */
    static Duration lookback(RuleBook rules, MonitorSettings settings) {
        Duration longest = settings.currentWindow().plus(settings.referenceWindow());
        for (TriggerRule rule : hourlyFeedbackRules(rules)) {
            Duration needed = ConditionEngine.lookback(rule.condition());
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
        for (TriggerRule rule : conditionRules) {
            Metric metric = rule.condition().measure();
            slices.scopes(rule.condition().scope()).forEach((scope, buckets) -> {
                ConditionEngine engine = engines.computeIfAbsent(rule.name() + "|" + scope, k -> new ConditionEngine(
                        rule, scope, measures.computeIfAbsent(metric.wireName() + "|" + scope,
                        m -> buckets.measure((counts, length) -> feedbackReading(counts, metric))),
                        firstData, settings.minCoverage()));
                conditions.addAll(engine.states(at, at, false));
            });
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
