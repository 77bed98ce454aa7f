package dev.feedbackloop.support.web;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Renders every error of the API as RFC 9457 problem+json with a stable {@code code} and per-field errors. */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public ResponseEntity<ProblemDetail> handle(Throwable thrown) {
        return handle(thrown, null);
    }

    /** The request's id (see {@link RequestIds}) is on the log lines of a failure and in its 5xx answer. */
    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ProblemDetail> handle(Throwable thrown, org.springframework.web.server.ServerWebExchange exchange) {
        Throwable error = unwrap(thrown);
        if (error instanceof ApiProblem p) {
            return render(p.status(), p.code().name(), p.getMessage(), p.errors());
        }
        if (error instanceof BusinessRuleViolation v) {
            return render(statusOf(v.code()), v.code().name(), v.getMessage(), List.of());
        }
        if (error instanceof org.axonframework.modelling.command.AggregateNotFoundException) {
            // a command addressed to something never created: the client named a resource that does not exist
            return render(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND.name(), "There is nothing with that id", List.of());
        }
        if (error instanceof DataBufferLimitException) {
            return render(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The request body is larger than this endpoint accepts", List.of());
        }
        if (error instanceof UnsupportedMediaTypeStatusException e) {
            String accepted = e.getSupportedMediaTypes().stream().map(MediaType::toString)
                    .collect(java.util.stream.Collectors.joining(", "));
            return render(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "This endpoint reads bodies of type " + accepted + " only; send the matching Content-Type",
                    List.of(new FieldError("Content-Type", "media_type", "must be one of " + accepted)));
        }
        if (isClientGone(error)) {
            // a client that stalled past a timeout or hung up: nothing to fix here, and nobody left to read the answer
            log.debug("Request abandoned: {}", error.toString());
            return render(HttpStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
                    "The request did not arrive in time or the connection was closed", List.of());
        }
        if (error instanceof ServerWebInputException e && isMissingBody(e)) {
            // named like every other broken rule of a request record, as the bodies read by hand name it
            return render(HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED.name(), "a JSON body is required",
                    List.of(new FieldError("", "required", "a JSON body is required")));
        }
        if (error instanceof ServerWebInputException e) {
            return render(HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED.name(), e.getReason(), List.of());
        }
        if (error instanceof ResponseStatusException e) {
            HttpStatusCode status = e.getStatusCode();
            String code = status.is4xxClientError() ? HttpStatus.valueOf(status.value()).name() : "INTERNAL_ERROR";
            return render(status, code, e.getReason() == null ? HttpStatus.valueOf(status.value()).getReasonPhrase() : e.getReason(), List.of());
        }
        if (error instanceof java.util.concurrent.RejectedExecutionException) {
            return render(HttpStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                    "The platform is at capacity or shutting down; nothing was stored, retry later", List.of());
        }
        if (isStoreUnavailable(error)) {
            try (RequestIds.Scope ids = RequestIds.logging(exchange)) {
                log.warn("A store is unavailable{}: {}", RequestIds.describe(exchange), error.toString());
            }
            return withRequestId(render(HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE",
                    "A store is unavailable; the request may not have been stored, retry it (retries are idempotent)",
                    List.of()), exchange);
        }
        try (RequestIds.Scope ids = RequestIds.logging(exchange)) {
            log.error("Unexpected failure while handling a request{}", RequestIds.describe(exchange), error);
        }
        return withRequestId(render(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The request could not be completed; it is safe to retry", List.of()), exchange);
    }

    /** A server-side failure names the request, so an operator can find its log lines. */
    private static ResponseEntity<ProblemDetail> withRequestId(ResponseEntity<ProblemDetail> response,
                                                               org.springframework.web.server.ServerWebExchange exchange) {
        String id = RequestIds.requestId(exchange);
        if (id != null && response.getBody() != null) {
            response.getBody().setProperty("request_id", id);
        }
        return response;
    }

    /** Reactor Netty's read and request timeouts, and a connection closed by the client mid-request. */
    public static boolean isClientGone(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.timeout.ReadTimeoutException
                    || t instanceof reactor.netty.channel.AbortedException
                    || (t instanceof io.netty.channel.ChannelException
                    && t.getClass().getSimpleName().equals("RequestTimeoutException"))) {
                return true;
            }
        }
        return false;
    }

    /** Spring's answer to an empty body where a {@code @RequestBody} is required: no reader ran, there was nothing to read. */
    static boolean isMissingBody(ServerWebInputException e) {
        return "No request body".equals(e.getReason()) && e.getMethodParameter() != null
                && e.getMethodParameter().hasParameterAnnotation(RequestBody.class);
    }

    static boolean isStoreUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || t instanceof com.mongodb.MongoTimeoutException || t instanceof com.mongodb.MongoSocketException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED, INVALID_OVERRIDE -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case FEEDBACK_ID_CONFLICT, ASSESSMENT_ID_CONFLICT, ASSESSMENT_ALREADY_DELETED, MODEL_VERSION_CONFLICT, WRONG_STATE -> HttpStatus.CONFLICT;
        };
    }

    public static ResponseEntity<ProblemDetail> render(HttpStatusCode status, String code, String detail,
                                                       List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(code));
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    public static URI typeOf(String code) {
        return URI.create("urn:feedback-loop:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof CommandExecutionException)
                && e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
