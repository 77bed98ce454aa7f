package dev.feedbackloop.kernel.rules;

import dev.feedbackloop.kernel.metrics.Metric;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a rule fires: a metric of the catalog ({@link Metric}) past its threshold, or an event. Left-out settings take
 * their defaults here.
 * <ul>
 *   <li>{@code duration}: how long the metric must stay past the threshold (default zero: at the first evaluation that
 *       sees it). Held means: at every step of the duration that has enough data, and with data at enough of them
 *       (the monitor's coverage rule, see docs/rules.md);</li>
 *   <li>{@code window}: the period the metric is computed over at each step ({@link #defaultWindow(Metric)});</li>
 *   <li>{@code baseline}: the trailing period the current value is compared with, for drop/rise/ratio thresholds
 *       (default 7 days; carried for every metric condition, used only by those thresholds);</li>
 *   <li>{@code minSamples}: how many samples (feedback carrying the signal, or interactions) a window needs before its
 *       rate, average or percentile counts (default 20);</li>
 *   <li>{@code scope}: what the metric is computed per; always starts with {@code agent_id}.</li>
 * </ul>
 * The {@link #step()} is how often the condition is evaluated: each hour when window and duration are whole hours,
 * each minute otherwise. An event condition has no threshold, window, baseline or minimum: those are null, and
 * duration is zero.
 */
public record RuleCondition(String metric, String event, Threshold threshold, Duration duration, Duration window,
                            Duration baseline, Integer minSamples, List<String> scope) {

    public static final String MODEL_VERSION_RELEASED = "model_version_released";
    /** A canary release must roll back now (an immediate_rollback trigger is confidently past its threshold). */
    public static final String RELEASE_ROLLBACK_REQUIRED = "release_rollback_required";
    /** A canary release is paused (a pause_and_alert trigger is confidently past its threshold). */
    public static final String RELEASE_ROLLOUT_PAUSED = "release_rollout_paused";
    public static final Set<String> EVENTS = ActionType.names(MODEL_VERSION_RELEASED, RELEASE_ROLLBACK_REQUIRED,
            RELEASE_ROLLOUT_PAUSED);
    public static final String AGENT_ID = "agent_id";
    public static final Set<String> SCOPE_DIMENSIONS = ActionType.names(AGENT_ID, "agent_version", "intent_category");

    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration COUNT_WINDOW = Duration.ofHours(24);
    public static final Duration RATE_WINDOW = HOUR;
    /**
     * The default window of the interaction rates and percentiles: each minute on its own, so a duration asks that
     * many separate minutes and one burst of errors cannot fill it.
     */
    public static final Duration OPERATIONAL_WINDOW = MINUTE;
    public static final Duration DEFAULT_BASELINE = Duration.ofDays(7);
    public static final int DEFAULT_MIN_SAMPLES = 20;

    public RuleCondition {
        if ((metric == null) == (event == null)) {
            throw new IllegalArgumentException("a condition names exactly one of metric or event");
        }
        duration = duration == null ? Duration.ZERO : duration;
        if (metric != null) {
            Metric measure = Metric.named(metric);
            if (threshold == null) {
                throw new IllegalArgumentException("the condition on " + metric + " needs a threshold");
            }
            window = window == null ? defaultWindow(measure) : window;
            baseline = baseline == null ? DEFAULT_BASELINE : baseline;
            minSamples = minSamples == null ? DEFAULT_MIN_SAMPLES : minSamples;
            requirePositive(window, "window");
            requirePositive(baseline, "baseline");
            if (minSamples < 1) {
                throw new IllegalArgumentException("min_samples must be at least 1");
            }
        } else if (threshold != null || window != null || baseline != null || minSamples != null
                || !duration.isZero()) {
            throw new IllegalArgumentException("the condition on event " + event
                    + " takes no threshold, duration, window, baseline or min_samples");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
        Set<String> dimensions = new LinkedHashSet<>();
        dimensions.add(AGENT_ID);
        if (scope != null) {
            dimensions.addAll(scope);
        }
        scope = List.copyOf(dimensions);
    }

    public static RuleCondition onMetric(String metric, Threshold threshold) {
        return new RuleCondition(metric, null, threshold, null, null, null, null, null);
    }

    public static RuleCondition onEvent(String event) {
        return new RuleCondition(null, event, null, null, null, null, null, null);
    }

    /**
     * 24 h for the counts; 1 h for the feedback rates and averages, drift, the cost per hour and per task; 1 min for
     * the interaction rates, percentiles and per-minute rates.
     */
    public static Duration defaultWindow(Metric metric) {
        if (metric.isCount()) {
            return COUNT_WINDOW;
        }
        if (metric.source() != Metric.Source.INTERACTIONS) {
            return RATE_WINDOW;
        }
        return switch (metric.fold()) {
            case RATE, PERCENTILE -> OPERATIONAL_WINDOW;
            case PER_TIME -> metric.unit() == dev.feedbackloop.kernel.metrics.Unit.CURRENCY_PER_HOUR ? HOUR : MINUTE;
            default -> HOUR;
        };
    }

    /** Whether a window of this metric needs {@code min_samples} (rates, averages, percentiles) or always counts. */
    public static boolean takesSamples(Metric metric) {
        return switch (metric.fold()) {
            case RATE, MEAN, PERCENTILE -> true;
            case COUNT, DISTINCT, PER_TIME, SCORE -> false;
        };
    }

    /** The metric of the catalog this condition watches; null for an event condition. */
    public Metric measure() {
        return metric == null ? null : Metric.named(metric);
    }

    public boolean isEvent() {
        return event != null;
    }

    /** How often the condition is evaluated: hourly when its window and duration are whole hours, else each minute. */
    public Duration step() {
        return isEvent() || (wholeHours(window) && wholeHours(duration)) ? HOUR : MINUTE;
    }

    static boolean wholeHours(Duration d) {
        return d.toNanosPart() == 0 && d.toSecondsPart() == 0 && d.toMinutesPart() == 0;
    }

    private static void requirePositive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
