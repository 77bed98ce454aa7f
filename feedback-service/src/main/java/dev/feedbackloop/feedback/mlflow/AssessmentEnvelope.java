package dev.feedbackloop.feedback.mlflow;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of CreateAssessment, GetAssessmentRequest and UpdateAssessment (their {@code Response} messages in
 * mlflow/protos/service.proto): {@code {"assessment": {..}}}.
 */
@Schema(name = "MlflowAssessmentEnvelope")
public record AssessmentEnvelope(MlflowAssessment assessment) {
}
