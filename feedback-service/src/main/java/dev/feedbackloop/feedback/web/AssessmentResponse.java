package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * An assessment in MLflow 3's field names, with the audit trail: {@code valid} is false once it is deleted or a valid
 * assessment overrides it, {@code overridden_by} names that one.
 */
@Schema(name = "Assessment")
public record AssessmentResponse(String assessmentId, String traceId, String assessmentName,
                                 @Schema(description = "any JSON value") Object value, Source source, String rationale,
                                 Map<String, Object> metadata, String overrides, String overriddenBy, boolean valid,
                                 boolean deleted, Instant createTime, Instant deleteTime) {

    static AssessmentResponse of(AssessmentView a) {
        return new AssessmentResponse(a.assessmentId(), a.traceId(), a.assessmentName(), a.value(),
                Source.of(a.source()), a.rationale(), a.metadata(), a.overrides(), a.overriddenBy(), a.valid(),
                a.deleted(), a.createTime(), a.deleteTime());
    }

    /** Who made an assessment, as MLflow names it. */
    @Schema(name = "AssessmentSource")
    public record Source(@Schema(allowableValues = {"HUMAN", "LLM_JUDGE", "CODE"}) String sourceType, String sourceId) {

        static Source of(AssessmentSource source) {
            return new Source(source.sourceType().wireName(), source.sourceId());
        }
    }
}
