package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Delete an assessment; if it overrode another, that one becomes valid again. */
public record DeleteAssessment(TraceId traceId, AssessmentId assessmentId,
                               Instant deletedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.trace(traceId);
    }
}
