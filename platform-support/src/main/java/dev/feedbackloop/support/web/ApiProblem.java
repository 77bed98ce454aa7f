package dev.feedbackloop.support.web;

import dev.feedbackloop.kernel.common.ErrorCode;
import org.springframework.http.HttpStatus;

import java.util.List;

/** An error the API answers with a problem document; thrown by handlers, rendered by {@link ProblemHandler}. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;
    private final List<FieldError> errors;

    public ApiProblem(HttpStatus status, ErrorCode code, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? (errors.get(0).field().isEmpty() ? "" : errors.get(0).field() + ": ") + errors.get(0).message()
                : errors.size() + " fields broke validation rules";
        return new ApiProblem(HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED, detail, errors);
    }

    public static ApiProblem validation(String field, String rule, String message) {
        return validation(List.of(new FieldError(field, rule, message)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
