package dev.feedbackloop.kernel.analysis;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Metrics per day (in {@code zone}) from {@code from} to {@code to} inclusive, per group of the given keys. */
public record FindDailyMetrics(LocalDate from, LocalDate to, ZoneId zone, List<String> groupBy, String agentId) {
}
