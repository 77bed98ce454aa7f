package dev.feedbackloop.feedback.mlflow;

import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.ProblemHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error of the MLflow door in MLflow's format. The platform's own handler decides what went wrong (one judgement
 * for both doors); this only translates its problem into MLflow's {@code error_code}, status and {@code message},
 * naming each broken field and rule in the message.
 */
@RestControllerAdvice(assignableTypes = MlflowAssessmentController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MlflowErrors {

    private final ProblemHandler problems;

    public MlflowErrors(ProblemHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<MlflowError> handle(Throwable thrown) {
        if (ProblemHandler.unwrap(thrown) instanceof MlflowAssessmentController.EndpointNotServed e) {
            return ResponseEntity.status(MlflowErrorCode.ENDPOINT_NOT_FOUND.status()).contentType(MediaType.APPLICATION_JSON)
                    .body(MlflowError.of(MlflowErrorCode.ENDPOINT_NOT_FOUND, e.getMessage()));
        }
        ResponseEntity<ProblemDetail> problem = problems.handle(thrown);
        ProblemDetail detail = problem.getBody();
        String code = detail == null || detail.getProperties() == null ? "INTERNAL_ERROR"
                : String.valueOf(detail.getProperties().get("code"));
        MlflowErrorCode mlflow = MlflowErrorCode.ofPlatform(code, problem.getStatusCode().value());
        return ResponseEntity.status(mlflow.status()).contentType(MediaType.APPLICATION_JSON)
                .body(MlflowError.of(mlflow, message(detail)));
    }

    private static String message(ProblemDetail detail) {
        if (detail == null) {
            return "The request could not be completed";
        }
        Object errors = detail.getProperties() == null ? null : detail.getProperties().get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(e -> e instanceof FieldError f
                            ? (f.field().isEmpty() ? "" : f.field() + ": ") + f.message() + " (" + f.rule() + ")"
                            : String.valueOf(e))
                    .collect(Collectors.joining("; "));
        }
        return detail.getDetail();
    }
}
