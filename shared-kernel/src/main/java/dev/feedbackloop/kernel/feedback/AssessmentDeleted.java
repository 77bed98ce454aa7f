package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An assessment was deleted. {@code restored} is the assessment it had overridden, valid again now. */
@Revision("1")
public record AssessmentDeleted(TraceId traceId, AssessmentId assessmentId, AssessmentId restored,
                                Instant deletedAt) implements AssessmentEvent {
}
