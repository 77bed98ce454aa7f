package dev.feedbackloop.kernel.feedback;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete an assessment; if it overrode another, that one becomes valid again. */
public record DeleteAssessment(@TargetAggregateIdentifier TraceId traceId, AssessmentId assessmentId,
                               Instant deletedAt) {
}
