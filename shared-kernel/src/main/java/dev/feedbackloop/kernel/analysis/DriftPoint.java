package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** One measurement of a feature. */
public record DriftPoint(Instant evaluatedAt, Double psi, String level, long referenceCount, long currentCount) {
}
