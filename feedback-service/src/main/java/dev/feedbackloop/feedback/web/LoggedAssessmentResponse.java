package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.AssessmentView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * A logged assessment as MLflow answers one: valid when logged; {@code source_id} is empty when none was given. A
 * retried log (same {@code Idempotency-Key}) answers with the first one, its time included.
 */
@Schema(name = "LoggedAssessment")
public record LoggedAssessmentResponse(String assessmentId, String traceId, String assessmentName,
                                       @Schema(description = "any JSON value") Object value,
                                       AssessmentResponse.Source source, String rationale, Map<String, Object> metadata,
                                       String overrides, boolean valid, Instant createTime) {

    static LoggedAssessmentResponse of(AssessmentView a) {
        return new LoggedAssessmentResponse(a.assessmentId(), a.traceId(), a.assessmentName(), a.value(),
                new AssessmentResponse.Source(a.source().sourceType().wireName(),
                        a.source().sourceId() == null ? "" : a.source().sourceId()),
                a.rationale(), a.metadata(), a.overrides(), a.valid(), a.createTime());
    }
}
