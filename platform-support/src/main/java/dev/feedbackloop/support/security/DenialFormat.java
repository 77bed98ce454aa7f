package dev.feedbackloop.support.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;

/**
 * How a refused request is answered on paths that speak another API's dialect (such as MLflow's
 * {@code {"error_code", "message"}}); everywhere else the refusal is problem+json. A service declares one as a bean.
 */
public interface DenialFormat {

    boolean appliesTo(PathContainer path);

    MediaType contentType();

    /**
     * The body for a refusal: {@code code} is the platform's ({@code UNAUTHENTICATED}, {@code FORBIDDEN},
     * {@code INVALID_PATH}), {@code detail} says why.
     */
    String body(HttpStatus status, String code, String detail);
}
