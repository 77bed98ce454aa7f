package dev.feedbackloop.kernel.feedback;

import java.time.Instant;
import java.util.Map;

/**
 * An assessment as the query side serves it. {@code valid} is false when it was deleted or when a
 * valid assessment overrides it; {@code overriddenBy} names that one. {@code lastUpdateTime} is the time of its last
 * update, or its creation time when it was never updated.
 */
public record AssessmentView(String assessmentId, String traceId, String assessmentName, Object value,
                             AssessmentSource source, String rationale, Map<String, Object> metadata,
                             String overrides, String overriddenBy, boolean valid, boolean deleted,
                             Instant createTime, Instant deleteTime, AssessmentKind kind, String spanId,
                             AssessmentError error, String serializationFormat, Instant lastUpdateTime) {
}
