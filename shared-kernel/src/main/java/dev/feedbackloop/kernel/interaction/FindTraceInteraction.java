package dev.feedbackloop.kernel.interaction;

import dev.feedbackloop.kernel.feedback.TraceId;

/** The interaction recorded for a trace, if its spans arrived. */
public record FindTraceInteraction(TraceId traceId) {
}
