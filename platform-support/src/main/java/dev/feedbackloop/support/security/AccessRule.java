package dev.feedbackloop.support.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which scope a route needs. Each service declares its own rules as beans; a route under {@code /api/} that no
 * rule names needs {@code admin}.
 */
public record AccessRule(HttpMethod method, PathPattern pattern, Scope scope) {

    public static AccessRule of(HttpMethod method, String pattern, Scope scope) {
        return new AccessRule(method, PathPatternParser.defaultInstance.parse(pattern), scope);
    }

    public boolean matches(HttpMethod requestMethod, PathContainer path) {
        return (method == null || method.equals(requestMethod)) && pattern.matches(path);
    }
}
