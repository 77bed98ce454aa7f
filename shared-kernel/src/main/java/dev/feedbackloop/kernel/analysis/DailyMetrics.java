package dev.feedbackloop.kernel.analysis;

import java.time.LocalDate;
import java.util.Map;

/** One day of one group (the values of the group-by keys). */
public record DailyMetrics(LocalDate date, Map<String, String> group, MetricSnapshot metrics) {
}
