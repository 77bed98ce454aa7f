package dev.feedbackloop.feedback.mlflow;

import dev.feedbackloop.kernel.common.Identifier;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.LogAssessment;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.OtherFields;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.Map;

/**
 * MLflow's {@code CreateAssessment} (mlflow/protos/service.proto, {@code POST /mlflow/traces/{trace_id}/assessments}
 * since 3.0): {@code {"assessment": {..}}}.
 */
@ApiRequest
@Schema(name = "MlflowCreateAssessment")
public record CreateAssessmentRequest(@NotNull MlflowAssessmentBody assessment,
                                      @OtherFields Map<String, Object> other) implements RequestRules {

    @Override
    public void check(Violations violations, Context context) {
        assessment.checkNew(violations);
        assessment.source(violations);
        if (assessment.overrides() != null && !Identifier.isValid(assessment.overrides())) {
            violations.add("assessment.overrides", "format", "is not a valid assessment id");
        }
    }

    LogAssessment command(TraceId trace, AssessmentId id, Instant loggedAt) {
        MlflowAssessmentBody a = assessment;
        return new LogAssessment(trace, id, a.assessmentName(), a.value(), a.source(new Violations()), a.rationale(),
                a.metadata(), a.overrides() == null ? null : AssessmentId.of(a.overrides()), loggedAt, a.kind(),
                a.spanId(), a.assessmentError(), a.serializationFormat());
    }
}
