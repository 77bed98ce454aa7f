package dev.feedbackloop.kernel.cycle;

import java.util.List;

/** Friday's measurement: the deployed version against the previous one; verdict improved, no_measurable_change or worse (or insufficient_data when either version has too little feedback). */
public record CycleMeasurement(String previousVersion, String deployedVersion, List<MetricComparison> comparisons, String verdict) {
}
