package dev.feedbackloop.kernel.analysis;

/** One intent's metrics in the period asked for and in the one before it. */
public record IntentPerformance(String intentCategory, MetricSnapshot current, MetricSnapshot previous) {
}
