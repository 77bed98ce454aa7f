package dev.feedbackloop.kernel.feedback;

/** Every assessment of a trace, valid or not, oldest first. */
public record FindTraceAssessments(TraceId traceId) {
}
