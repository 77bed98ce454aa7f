package dev.feedbackloop.kernel.trigger;

/**
 * Pipeline runs, newest request first; {@code pipeline}, {@code agentId} and {@code state} (requested, started,
 * completed, failed) narrow the list when not null.
 */
public record FindPipelineRuns(String pipeline, String agentId, String state, int limit) {
}
