package dev.feedbackloop.kernel.cycle;

/** A metric of the deployed version against the previous one, with its significance test (two_proportion_z for rates, mann_whitney_u for ratings). */
public record MetricComparison(String metric, String test, Double before, Double after, long beforeCount, long afterCount, Double statistic, Double pValue, boolean significant) {
}
