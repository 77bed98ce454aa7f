package dev.feedbackloop.kernel.feedback;

/**
 * What an assessment says, as MLflow 3 tells them apart: feedback judges an output, an expectation states the output
 * that was wanted (ground truth). Assessments logged before the distinction existed read as feedback.
 */
public enum AssessmentKind {
    FEEDBACK, EXPECTATION
}
