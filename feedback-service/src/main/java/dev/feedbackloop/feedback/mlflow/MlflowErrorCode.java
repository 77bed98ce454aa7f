package dev.feedbackloop.feedback.mlflow;

import org.springframework.http.HttpStatus;

/**
 * The error codes of MLflow's REST API (mlflow/protos/databricks.proto, {@code ErrorCode}) this door answers with, and
 * the HTTP status MLflow gives each (mlflow/exceptions.py, {@code ERROR_CODE_TO_HTTP_STATUS}).
 */
public enum MlflowErrorCode {
    INVALID_PARAMETER_VALUE(HttpStatus.BAD_REQUEST),
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    RESOURCE_ALREADY_EXISTS(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    PERMISSION_DENIED(HttpStatus.FORBIDDEN),
    RESOURCE_DOES_NOT_EXIST(HttpStatus.NOT_FOUND),
    ENDPOINT_NOT_FOUND(HttpStatus.NOT_FOUND),
    REQUEST_LIMIT_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    TEMPORARILY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    MlflowErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /**
     * The MLflow code for one of the platform's problem codes (see ProblemHandler and ErrorCode); {@code status} decides
     * for a code this table does not name.
     */
    static MlflowErrorCode ofPlatform(String code, int status) {
        return switch (code) {
            case "VALIDATION_FAILED", "INVALID_OVERRIDE", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
                 "INVALID_PATH" -> INVALID_PARAMETER_VALUE;
            case "NOT_FOUND", "ASSESSMENT_ALREADY_DELETED" -> RESOURCE_DOES_NOT_EXIST;
            case "ASSESSMENT_ID_CONFLICT" -> RESOURCE_ALREADY_EXISTS;
            case "UNAUTHENTICATED" -> UNAUTHENTICATED;
            case "FORBIDDEN" -> PERMISSION_DENIED;
            case "STORE_UNAVAILABLE", "OVERLOADED", "REQUEST_TIMEOUT" -> TEMPORARILY_UNAVAILABLE;
            default -> status == 404 ? ENDPOINT_NOT_FOUND : status == 429 ? REQUEST_LIMIT_EXCEEDED
                    : status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
