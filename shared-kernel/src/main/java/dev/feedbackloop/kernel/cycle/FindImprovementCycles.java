package dev.feedbackloop.kernel.cycle;

/** Improvement cycles, newest week first; {@code agentId} and {@code week} narrow the list when not null. */
public record FindImprovementCycles(String agentId, String week, int limit) {
}
