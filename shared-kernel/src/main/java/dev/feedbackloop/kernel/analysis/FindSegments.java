package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/**
 * Metrics over [start, end) per user segment: {@code by} is {@code user_tenure} (new users, first seen in the period,
 * against returning ones) or {@code metadata.<key>} (one segment per value of that metadata key).
 */
public record FindSegments(Instant start, Instant end, String by, String agentId) {
}
