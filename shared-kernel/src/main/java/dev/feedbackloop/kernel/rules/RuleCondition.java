package dev.feedbackloop.kernel.rules;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * When a rule fires: a metric past its threshold, or an event. Left-out settings take their defaults here.
 * <ul>
 *   <li>{@code duration}: how long the metric must stay past the threshold, without a break (default zero:
 *       at the first evaluation that sees it);</li>
 *   <li>{@code window}: the period the metric is computed over at each evaluation (24 h for the count metrics,
 *       1 h for rates, averages and PSI);</li>
 *   <li>{@code baseline}: the trailing period the current value is compared with, for drop/rise thresholds
 *       (default 7 days; carried for every metric condition, used only by those thresholds);</li>
 *   <li>{@code minSamples}: how many feedback a window needs before its rate or average counts (default 20);</li>
 *   <li>{@code scope}: what the metric is computed per; always starts with {@code agent_id}.</li>
 * </ul>
 * An event condition has no threshold, window, baseline or minimum: those are null, and duration is zero.
 */
public record RuleCondition(String metric, String event, Threshold threshold, Duration duration, Duration window,
                            Duration baseline, Integer minSamples, List<String> scope) {

    public static final Set<String> METRICS = ActionType.names("task_success_rate", "average_user_rating",
            "escalation_rate", "retry_rate", "follow_up_rate", "thumbs_up_rate", "negative_signals", "feedback_volume",
            "input_distribution_psi", "clustered_failures");
    /** Metrics that count occurrences in the window rather than take a rate or average of its feedback. */
    public static final Set<String> COUNT_METRICS = ActionType.names("negative_signals", "feedback_volume",
            "clustered_failures");
    /** Metrics compared only with absolute thresholds: a drift score has no meaningful baseline of its own. */
    public static final Set<String> ABSOLUTE_ONLY_METRICS = ActionType.names("input_distribution_psi");
    public static final Set<String> EVENTS = ActionType.names("model_version_released");
    public static final String AGENT_ID = "agent_id";
    public static final Set<String> SCOPE_DIMENSIONS = ActionType.names(AGENT_ID, "agent_version", "intent_category");

    public static final Duration COUNT_WINDOW = Duration.ofHours(24);
    public static final Duration RATE_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_BASELINE = Duration.ofDays(7);
    public static final int DEFAULT_MIN_SAMPLES = 20;

    public RuleCondition {
        if ((metric == null) == (event == null)) {
            throw new IllegalArgumentException("a condition names exactly one of metric or event");
        }
        duration = duration == null ? Duration.ZERO : duration;
        if (metric != null) {
            if (threshold == null) {
                throw new IllegalArgumentException("the condition on " + metric + " needs a threshold");
            }
            window = window == null ? defaultWindow(metric) : window;
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

    /** 24 h for the count metrics, 1 h for every other metric. */
    public static Duration defaultWindow(String metric) {
        return COUNT_METRICS.contains(metric) ? COUNT_WINDOW : RATE_WINDOW;
    }

    public boolean isEvent() {
        return event != null;
    }

    private static void requirePositive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
