package dev.feedbackloop.kernel.trigger;

/** One evaluation run, or none. */
public record FindEvaluationRun(String runId) {
}
