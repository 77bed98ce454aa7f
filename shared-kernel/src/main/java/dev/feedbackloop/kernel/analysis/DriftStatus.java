package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** A feature's latest measurement and whether it is drifting ({@code state} drifting or stable). */
public record DriftStatus(String agentId, String feature, Double psi, String level, String state, long referenceCount,
                          long currentCount, Instant evaluatedAt, Instant detectedAt, Instant resolvedAt) {
}
