package dev.feedbackloop.kernel.cycle;

/** A metric over two periods: its value before and now, the change (current - previous), and how many feedback each value rests on. */
public record MetricDelta(String metric, Double previous, Double current, Double change, long previousCount, long currentCount) {
}
