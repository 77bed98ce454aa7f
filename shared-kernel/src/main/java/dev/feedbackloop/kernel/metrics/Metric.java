package dev.feedbackloop.kernel.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every metric the platform computes, defined once: the name users write in rules, gates and queries, its unit,
 * which way is better, what it is computed from and how windows of it combine ({@link Fold}). Projections compute
 * them ({@link FeedbackOutcomes} for feedback), the rule reader and the release gates accept exactly these names,
 * and the cycle's measurement compares them.
 */
public enum Metric {

    // --- what users say (feedback, 21.4.1) ---------------------------------------------------------------------
    TASK_SUCCESS_RATE("task_success_rate", Unit.RATIO, Better.HIGHER, Fold.RATE, Source.FEEDBACK,
            "Share of the feedback reporting task_completed in which the task was completed."),
    AVERAGE_USER_RATING("average_user_rating", Unit.RATING, Better.HIGHER, Fold.MEAN, Source.FEEDBACK,
            "Mean of the 1-5 ratings given."),
    ESCALATION_RATE("escalation_rate", Unit.RATIO, Better.LOWER, Fold.RATE, Source.FEEDBACK,
            "Share of the feedback reporting escalated_to_human that was escalated."),
    RETRY_RATE("retry_rate", Unit.RATIO, Better.LOWER, Fold.RATE, Source.FEEDBACK,
            "Share of the feedback reporting retry_count whose count was above zero."),
    FOLLOW_UP_RATE("follow_up_rate", Unit.RATIO, Better.LOWER, Fold.RATE, Source.FEEDBACK,
            "Share of the feedback reporting follow_up_required that required a follow-up."),
    THUMBS_UP_RATE("thumbs_up_rate", Unit.RATIO, Better.HIGHER, Fold.RATE, Source.FEEDBACK,
            "Share of thumbs given that were up."),
    NEGATIVE_SIGNALS("negative_signals", Unit.COUNT, Better.LOWER, Fold.COUNT, Source.FEEDBACK,
            "Feedback with a thumbs down, a rating of 2 or less, a correction, or an escalation to a human."),
    FEEDBACK_VOLUME("feedback_volume", Unit.COUNT, Better.NEITHER, Fold.COUNT, Source.FEEDBACK,
            "Feedback received."),

    // --- what the agent does (operational signals from traces, 21.3) -------------------------------------------
    ERROR_RATE("error_rate", Unit.RATIO, Better.LOWER, Fold.RATE, Source.INTERACTIONS,
            "Share of interactions whose root span ended in error."),
    P50_LATENCY_MS("p50_latency_ms", Unit.MILLISECONDS, Better.LOWER, Fold.PERCENTILE, Source.INTERACTIONS,
            "Median duration of the interactions' root spans."),
    P95_LATENCY_MS("p95_latency_ms", Unit.MILLISECONDS, Better.LOWER, Fold.PERCENTILE, Source.INTERACTIONS,
            "95th percentile of the duration of the interactions' root spans."),
    P99_LATENCY_MS("p99_latency_ms", Unit.MILLISECONDS, Better.LOWER, Fold.PERCENTILE, Source.INTERACTIONS,
            "99th percentile of the duration of the interactions' root spans."),
    REQUESTS("requests", Unit.COUNT, Better.NEITHER, Fold.COUNT, Source.INTERACTIONS,
            "Interactions (traces) received."),
    ACTIVE_USERS("active_users", Unit.COUNT, Better.NEITHER, Fold.DISTINCT, Source.INTERACTIONS,
            "Distinct users with an interaction in the window."),
    TOKENS_PER_MINUTE("tokens_per_minute", Unit.TOKENS_PER_MINUTE, Better.LOWER, Fold.PER_TIME, Source.INTERACTIONS,
            "Input and output tokens per minute of the window."),
    COST_PER_HOUR("cost_per_hour", Unit.CURRENCY_PER_HOUR, Better.LOWER, Fold.PER_TIME, Source.INTERACTIONS,
            "Cost of the interactions (priced by the model price table) per hour of the window."),
    COST_PER_TASK("cost_per_task", Unit.CURRENCY, Better.LOWER, Fold.MEAN, Source.INTERACTIONS,
            "Mean cost of one interaction."),
    GUARDRAIL_TRIGGERS_PER_MINUTE("guardrail_triggers_per_minute", Unit.PER_MINUTE, Better.LOWER, Fold.PER_TIME,
            Source.INTERACTIONS, "Guardrail triggers and policy violations per minute of the window."),

    // --- what the analysis finds --------------------------------------------------------------------------------
    INPUT_DISTRIBUTION_PSI("input_distribution_psi", Unit.SCORE, Better.LOWER, Fold.SCORE, Source.DRIFT,
            "Population stability index of an input feature against its reference distribution (the largest over the"
                    + " agent's features)."),
    CLUSTERED_FAILURES("clustered_failures", Unit.COUNT, Better.LOWER, Fold.COUNT, Source.FAILURES,
            "Failures of one failure mode within the window.");

    /** Which way a change is an improvement. */
    public enum Better { HIGHER, LOWER, NEITHER }

    /** How a metric is computed from the events of a window, and so how windows combine. */
    public enum Fold {
        /** part / whole over the events that carry the signal; windows add their counts. */
        RATE,
        /** sum / count; windows add both. */
        MEAN,
        /** events in the window; windows add. */
        COUNT,
        /** distinct values in the window; windows do not add (a union is kept). */
        DISTINCT,
        /** a quantile of a histogram; windows add their histograms. */
        PERCENTILE,
        /** a total divided by the window's length. */
        PER_TIME,
        /** a score computed over the whole window, not from parts. */
        SCORE
    }

    /** What the metric is computed from. */
    public enum Source { FEEDBACK, INTERACTIONS, DRIFT, FAILURES }

    private static final Map<String, Metric> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Metric::wireName, m -> m, (a, b) -> a, LinkedHashMap::new));

    private final String wireName;
    private final Unit unit;
    private final Better better;
    private final Fold fold;
    private final Source source;
    private final String definition;

    Metric(String wireName, Unit unit, Better better, Fold fold, Source source, String definition) {
        this.wireName = wireName;
        this.unit = unit;
        this.better = better;
        this.fold = fold;
        this.source = source;
        this.definition = definition;
    }

    public String wireName() {
        return wireName;
    }

    public Unit unit() {
        return unit;
    }

    public Better better() {
        return better;
    }

    public Fold fold() {
        return fold;
    }

    public Source source() {
        return source;
    }

    public String definition() {
        return definition;
    }

    /** A ratio, bounded by 0 and 1. */
    public boolean isRate() {
        return unit == Unit.RATIO;
    }

    /** Counts occurrences in the window rather than taking a rate or an average of its events. */
    public boolean isCount() {
        return fold == Fold.COUNT || fold == Fold.DISTINCT;
    }

    /** Whether {@code candidate} is worse than {@code reference} for this metric (false when neither way is better). */
    public boolean isWorse(double candidate, double reference) {
        return switch (better) {
            case HIGHER -> candidate < reference;
            case LOWER -> candidate > reference;
            case NEITHER -> false;
        };
    }

    public static Optional<Metric> byName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_NAME.get(wireName));
    }

    /** The metric named so, or an error listing the names there are. */
    public static Metric named(String wireName) {
        return byName(wireName).orElseThrow(() -> new IllegalArgumentException("no metric named '" + wireName
                + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")"));
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    public static Set<Metric> from(Source source) {
        return Arrays.stream(values()).filter(m -> m.source == source)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Metric.class)));
    }
}
