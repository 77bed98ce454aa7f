package dev.feedbackloop.kernel.feedback;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Record an assessment of a trace. {@code value} is any JSON value (string, number, boolean, list, map or
 * null). When {@code overrides} names an earlier assessment of the same trace, that one stays in the
 * audit trail but stops being valid.
 */
public record LogAssessment(@TargetAggregateIdentifier TraceId traceId, AssessmentId assessmentId, String name,
                            Object value, AssessmentSource source, String rationale, Map<String, Object> metadata,
                            AssessmentId overrides, Instant loggedAt) {
}
