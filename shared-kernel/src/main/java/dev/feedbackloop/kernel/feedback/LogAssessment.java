package dev.feedbackloop.kernel.feedback;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Record an assessment of a trace. {@code value} is any JSON value (string, number, boolean, list, map or
 * null). When {@code overrides} names an earlier assessment of the same trace, that one stays in the
 * audit trail but stops being valid.
 * <p>
 * MLflow 3's details, all optional: {@code kind} (null reads as feedback), the {@code spanId} assessed, the
 * {@code error} of a feedback whose judge failed, and the {@code serializationFormat} of an expectation whose value
 * came as serialized text.
 * <p>
 * Logging the same assessment id again with the same content is a retry: nothing is stored twice.
 */
public record LogAssessment(TraceId traceId, AssessmentId assessmentId, String name,
                            Object value, AssessmentSource source, String rationale, Map<String, Object> metadata,
                            AssessmentId overrides, Instant loggedAt, AssessmentKind kind, String spanId,
                            AssessmentError error, String serializationFormat) {

    public LogAssessment(TraceId traceId, AssessmentId assessmentId, String name, Object value, AssessmentSource source,
                         String rationale, Map<String, Object> metadata, AssessmentId overrides, Instant loggedAt) {
        this(traceId, assessmentId, name, value, source, rationale, metadata, overrides, loggedAt, null, null, null,
                null);
    }

    /** The event stream this command goes to (see Streams). */
    @TargetAggregateIdentifier
    public String stream() {
        return Streams.trace(traceId);
    }
}
