package dev.feedbackloop.kernel.trigger;

/**
 * Evaluation runs, newest request first; {@code agentId} and {@code state} (requested, started, completed, failed,
 * timed_out) narrow the list when not null.
 */
public record FindEvaluationRuns(String agentId, String state, int limit) {
}
