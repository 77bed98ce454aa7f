package dev.feedbackloop.support.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which scope a route needs. Each service declares its own rules as beans; a route that no rule names needs
 * {@code admin}. A null scope ({@link #anyKey}) lets every valid key through, whatever its scopes.
 */
public record AccessRule(HttpMethod method, PathPattern pattern, Scope scope) {

    public static AccessRule of(HttpMethod method, String pattern, Scope scope) {
        return new AccessRule(method, PathPatternParser.defaultInstance.parse(pattern), scope);
    }

    /** A route any valid key may use, such as the key asking what it may do. */
    public static AccessRule anyKey(HttpMethod method, String pattern) {
        return new AccessRule(method, PathPatternParser.defaultInstance.parse(pattern), null);
    }

    public boolean matches(HttpMethod requestMethod, PathContainer path) {
        return (method == null || method.equals(requestMethod)) && pattern.matches(path);
    }
}
