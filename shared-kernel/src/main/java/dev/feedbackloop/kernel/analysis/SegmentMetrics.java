package dev.feedbackloop.kernel.analysis;

/** One segment's metrics and how many distinct users it holds. */
public record SegmentMetrics(String segment, long users, MetricSnapshot metrics) {
}
