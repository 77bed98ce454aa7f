package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/**
 * The weekly failure-mode report (the specification's {@code failure_mode_clustering}) for the ISO week
 * {@code week} ({@code [from, to)}, event time), of one agent or all ({@code agentId} null).
 */
public record FindFailureModeReport(String week, Instant from, Instant to, String agentId) {
}
