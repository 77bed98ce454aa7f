package dev.feedbackloop.kernel.trigger;

/** Events of a run of an automated pipeline. */
public sealed interface PipelineRunEvent extends TriggerEvent permits PipelineRunCompleted, PipelineRunFailed, PipelineRunRequested, PipelineRunStarted {

    String runId();
}
