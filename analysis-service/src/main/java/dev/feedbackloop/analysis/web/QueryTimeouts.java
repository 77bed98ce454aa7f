package dev.feedbackloop.analysis.web;

import com.mongodb.MongoOperationTimeoutException;
import dev.feedbackloop.analysis.limits.QuerySettings;
import dev.feedbackloop.analysis.limits.QueryTimeoutException;
import dev.feedbackloop.support.web.ProblemHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/**
 * A query that ran out of {@code platform.queries.max-time} is a 503 {@code QUERY_TIMEOUT} that says so, not the
 * generic "store unavailable, retry": retrying the same query would take as long again.
 */
@RestControllerAdvice(basePackageClasses = QueryTimeouts.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryTimeouts {

    private final QuerySettings settings;

    public QueryTimeouts(QuerySettings settings) {
        this.settings = settings;
    }

    @ExceptionHandler({QueryTimeoutException.class, MongoOperationTimeoutException.class})
    public ResponseEntity<ProblemDetail> timedOut(Exception timeout) {
        return ProblemHandler.render(HttpStatus.SERVICE_UNAVAILABLE, "QUERY_TIMEOUT", "The query took longer than the "
                + settings.maxTime().toMillis() + " ms the read side allows one query (platform.queries.max-time); "
                + "narrow it (a shorter period, a more selective filter or agent) before trying again", List.of());
    }
}
