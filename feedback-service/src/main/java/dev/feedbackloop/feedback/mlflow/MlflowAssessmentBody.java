package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedbackloop.kernel.feedback.AssessmentError;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.support.web.OtherFields;
import dev.feedbackloop.support.web.RequestReader;
import dev.feedbackloop.support.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/**
 * MLflow's {@code Assessment} message as clients send it (mlflow/protos/assessments.proto, JSON with the proto field
 * names). What the server sets is read and ignored as MLflow's server ignores it: {@code assessment_id},
 * {@code trace_id} (the path names the trace), {@code create_time}, {@code last_update_time} (the platform's clock
 * records when), {@code valid}. Fields a newer client adds are ignored too ({@code other}), as MLflow's own parser
 * ignores unknown fields. {@code source} is MLflow's object or a source name ({@link MlflowSources}).
 */
@Schema(name = "MlflowAssessmentInput")
public record MlflowAssessmentBody(String assessmentId, @Size(max = 256) String assessmentName, String traceId,
                                   @Size(max = 128) String spanId,
                                   @Schema(description = "{\"source_type\": \"HUMAN\"|\"LLM_JUDGE\"|\"CODE\", \"source_id\": ..} or a source name such as \"user_explicit\"")
                                   JsonNode source, Instant createTime,
                                   Instant lastUpdateTime, Feedback feedback, Expectation expectation,
                                   @Size(max = 10_000) String rationale, Error error, Map<String, Object> metadata,
                                   String overrides, Boolean valid, @OtherFields Map<String, Object> other) {

    /** {@code Feedback}: a value, or the error that kept the judge from giving one. */
    @Schema(name = "MlflowFeedbackInput")
    public record Feedback(JsonNode value, Error error, @OtherFields Map<String, Object> other) {
    }

    /** {@code Expectation}: a value, or a {@code serialized_value} (text in a client-defined format). */
    @Schema(name = "MlflowExpectationInput")
    public record Expectation(JsonNode value, SerializedValue serializedValue, @OtherFields Map<String, Object> other) {
    }

    /** {@code Expectation.SerializedValue}. */
    @Schema(name = "MlflowSerializedValueInput")
    public record SerializedValue(@Size(max = 64) String serializationFormat, String value) {
    }

    /** {@code AssessmentError}. */
    @Schema(name = "MlflowAssessmentErrorInput")
    public record Error(@Size(max = 256) String errorCode, @Size(max = 10_000) String errorMessage,
                        @Size(max = 10_000) String stackTrace) {

        AssessmentError toDomain() {
            return new AssessmentError(errorCode, errorMessage, stackTrace);
        }
    }

    /** The rules of a new assessment (CreateAssessment); an update checks only what its mask names. */
    void checkNew(Violations violations) {
        if (assessmentName == null || assessmentName.isBlank()) {
            violations.add("assessment.assessment_name", "required", "is required and must not be blank");
        }
        if ((feedback == null) == (expectation == null)) {
            violations.add("assessment", "one_of", "must hold exactly one of feedback or expectation");
        }
        if (feedback != null) {
            checkFeedback(violations);
        }
        if (expectation != null) {
            checkExpectation(violations);
        }
    }

    void checkFeedback(Violations violations) {
        if (feedback == null) {
            violations.add("assessment.feedback", "required", "is required by the update mask");
            return;
        }
        boolean hasValue = feedback.value() != null && !feedback.value().isNull();
        if (!hasValue && feedback.error() == null && error == null) {
            violations.add("assessment.feedback.value", "required", "is required unless feedback.error says why there is none");
        }
        if (feedback.value() != null) {
            RequestReader.plain(feedback.value(), "assessment.feedback.value", violations);
        }
    }

    void checkExpectation(Violations violations) {
        if (expectation == null) {
            violations.add("assessment.expectation", "required", "is required by the update mask");
            return;
        }
        boolean hasValue = expectation.value() != null && !expectation.value().isNull();
        if (hasValue == (expectation.serializedValue() != null)) {
            violations.add("assessment.expectation", "one_of", "must hold exactly one of value or serialized_value");
        }
        if (expectation.serializedValue() != null && expectation.serializedValue().value() == null) {
            violations.add("assessment.expectation.serialized_value.value", "required", "is required");
        }
        if (hasValue) {
            RequestReader.plain(expectation.value(), "assessment.expectation.value", violations);
        }
    }

    AssessmentKind kind() {
        return expectation != null ? AssessmentKind.EXPECTATION : AssessmentKind.FEEDBACK;
    }

    /** The value as the platform stores it: any JSON value, or the serialized text of an expectation. */
    Object value() {
        if (expectation != null) {
            return expectation.serializedValue() != null ? expectation.serializedValue().value()
                    : RequestReader.plain(expectation.value(), "assessment.expectation.value", new Violations());
        }
        return feedback == null || feedback.value() == null ? null
                : RequestReader.plain(feedback.value(), "assessment.feedback.value", new Violations());
    }

    String serializationFormat() {
        return expectation != null && expectation.serializedValue() != null
                ? expectation.serializedValue().serializationFormat() : null;
    }

    /** The feedback's error, or the deprecated top-level one. */
    AssessmentError assessmentError() {
        Error e = feedback != null && feedback.error() != null ? feedback.error() : error;
        return e == null ? null : e.toDomain();
    }

    AssessmentSource source(Violations violations) {
        return MlflowSources.read(source, "assessment.source", violations);
    }
}
