package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** Per intent over [start, end), with the period of the same length just before it for comparison. */
public record FindIntentPerformance(Instant start, Instant end, String agentId) {
}
