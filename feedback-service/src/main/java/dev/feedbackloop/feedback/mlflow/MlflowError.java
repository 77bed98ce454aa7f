package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.oas.annotations.media.Schema;

/** MLflow's error body: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ".."}}. */
@Schema(name = "MlflowErrorBody")
public record MlflowError(String errorCode, String message) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static MlflowError of(MlflowErrorCode code, String message) {
        return new MlflowError(code.name(), message);
    }

    /** For writers outside Spring's codecs (the API key filter). */
    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
