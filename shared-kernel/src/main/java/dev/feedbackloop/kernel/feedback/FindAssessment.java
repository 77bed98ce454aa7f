package dev.feedbackloop.kernel.feedback;

/** One assessment of a trace, deleted or not; answered with an {@code Optional<AssessmentView>}. */
public record FindAssessment(TraceId traceId, AssessmentId assessmentId) {
}
