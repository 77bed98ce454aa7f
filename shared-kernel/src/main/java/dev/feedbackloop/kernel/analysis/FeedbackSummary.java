package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** The metrics of [start, end). */
public record FeedbackSummary(Instant start, Instant end, MetricSnapshot metrics) {
}
