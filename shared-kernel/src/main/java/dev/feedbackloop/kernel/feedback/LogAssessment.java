package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Record an assessment of a trace. {@code value} is any JSON value (string, number, boolean, list, map or
 * null). When {@code overrides} names an earlier assessment of the same trace, that one stays in the
 * audit trail but stops being valid.
 */
public record LogAssessment(TraceId traceId, AssessmentId assessmentId, String name,
                            Object value, AssessmentSource source, String rationale, Map<String, Object> metadata,
                            AssessmentId overrides, Instant loggedAt) {

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.trace(traceId);
    }
}
