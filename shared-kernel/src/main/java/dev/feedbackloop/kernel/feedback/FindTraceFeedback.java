package dev.feedbackloop.kernel.feedback;

/** Every feedback stored for a trace, oldest event time first. */
public record FindTraceFeedback(TraceId traceId) {
}
