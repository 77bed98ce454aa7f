package dev.feedbackloop.feedback.otlp;

import org.springframework.http.HttpStatus;

/** An export request the intake refuses whole: answered with its status and a {@code google.rpc.Status}. */
final class OtlpFailure extends RuntimeException {

    /** gRPC codes, which OTLP/HTTP's Status bodies carry for troubleshooting only. */
    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;

    private final HttpStatus status;
    private final int code;
    private final Integer retryAfterSeconds;

    OtlpFailure(HttpStatus status, int code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static OtlpFailure badData(String message) {
        return new OtlpFailure(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, message, null);
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
