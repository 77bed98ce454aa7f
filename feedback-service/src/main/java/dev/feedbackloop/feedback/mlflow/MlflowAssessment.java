package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedbackloop.kernel.feedback.AssessmentError;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An assessment in MLflow's {@code Assessment} shape (mlflow/protos/assessments.proto). Unset fields are left out, as
 * protobuf's JSON leaves them out. {@code metadata} is a {@code map<string, string>} there: a value that is not text
 * (possible on assessments logged through the native API) is sent as its JSON text.
 */
@Schema(name = "MlflowAssessment")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MlflowAssessment(String assessmentId, String assessmentName, String traceId, String spanId,
                               Source source, Instant createTime, Instant lastUpdateTime, Feedback feedback,
                               Expectation expectation, String rationale, Map<String, String> metadata,
                               String overrides, Boolean valid) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "MlflowAssessmentSource")
    public record Source(String sourceType, String sourceId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "MlflowFeedback")
    public record Feedback(Object value, Error error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "MlflowExpectation")
    public record Expectation(Object value, SerializedValue serializedValue) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "MlflowSerializedValue")
    public record SerializedValue(String serializationFormat, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "MlflowAssessmentError")
    public record Error(String errorCode, String errorMessage, String stackTrace) {

        static Error of(AssessmentError e) {
            return e == null ? null : new Error(e.errorCode(), e.errorMessage(), e.stackTrace());
        }
    }

    static MlflowAssessment of(AssessmentView a) {
        boolean expectation = a.kind() == AssessmentKind.EXPECTATION;
        Expectation e = !expectation ? null : a.serializationFormat() != null
                ? new Expectation(null, new SerializedValue(a.serializationFormat(), String.valueOf(a.value())))
                : new Expectation(a.value(), null);
        return new MlflowAssessment(a.assessmentId(), a.assessmentName(), a.traceId(), a.spanId(),
                new Source(a.source().sourceType().wireName(), a.source().sourceId() == null ? "" : a.source().sourceId()),
                a.createTime(), a.lastUpdateTime() == null ? a.createTime() : a.lastUpdateTime(),
                expectation ? null : new Feedback(a.value(), Error.of(a.error())), e, a.rationale(),
                metadata(a.metadata()), a.overrides(), a.valid());
    }

    static Map<String, String> metadata(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> out.put(k, v instanceof String s ? s : json(v)));
        return out;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata that was stored as JSON is JSON", e);
        }
    }
}
