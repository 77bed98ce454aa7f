package dev.feedbackloop.kernel.feedback;

/** Events of a trace's assessments. */
public sealed interface AssessmentEvent permits AssessmentLogged, AssessmentUpdated, AssessmentDeleted {
    TraceId traceId();

    AssessmentId assessmentId();
}
