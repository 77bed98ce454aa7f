package dev.feedbackloop.kernel.trigger;

/** Events of an evaluation run, from request to verdict. */
public sealed interface EvaluationRunEvent extends TriggerEvent permits EvaluationRunCompleted, EvaluationRunFailed, EvaluationRunJudged, EvaluationRunRequested, EvaluationRunStarted, EvaluationRunTimedOut {

    String runId();
}
