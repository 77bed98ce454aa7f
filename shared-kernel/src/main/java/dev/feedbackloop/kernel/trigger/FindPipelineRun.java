package dev.feedbackloop.kernel.trigger;

/** One pipeline run, or none. */
public record FindPipelineRun(String runId) {
}
