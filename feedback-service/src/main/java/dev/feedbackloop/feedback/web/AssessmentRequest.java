package dev.feedbackloop.feedback.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.RequestReader;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/**
 * An assessment of a trace in MLflow 3's field names. {@code value} is required and may be any JSON value, null
 * included; {@code overrides} names an earlier assessment of the trace that this one replaces (it stays in the audit
 * trail, no longer valid).
 */
@ApiRequest
public record AssessmentRequest(@NotNull @Size(max = 256) String assessmentName,
                                @NotNull @Schema(description = "any JSON value, null included") JsonNode value,
                                @NotNull Source source,
                                @Size(max = 10_000) String rationale,
                                Map<String, Object> metadata,
                                AssessmentId overrides) implements RequestRules {

    /** Who made the assessment: {@code source_type} as MLflow spells it, {@code source_id} free text. */
    @Schema(name = "AssessmentSourceRequest")
    public record Source(@NotNull AssessmentSourceType sourceType, @Size(max = 256) String sourceId) {
    }

    @Override
    public void check(Violations violations, Context context) {
        if (assessmentName.isBlank()) {
            violations.add("assessment_name", "required", "must not be blank");
        }
        RequestReader.plain(value, "value", violations);
    }

    LogAssessment command(TraceId trace, AssessmentId id, Instant loggedAt) {
        return new LogAssessment(trace, id, assessmentName, RequestReader.plain(value, "value", new Violations()),
                new AssessmentSource(source.sourceType(), source.sourceId()), rationale, metadata, overrides, loggedAt);
    }
}
