package dev.feedbackloop.support.security;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A route anyone may read without a key (health probes, the web UI's static files). Everything else needs a key:
 * the filter denies by default, so a path the router reaches by any spelling is guarded unless a public route names
 * it. Matched like the router matches (decoded segments, {@code ;} parameters dropped), only for GET and HEAD.
 */
public record PublicRoute(PathPattern pattern) {

    public static PublicRoute of(String pattern) {
        return new PublicRoute(PathPatternParser.defaultInstance.parse(pattern));
    }

    public boolean matches(HttpMethod method, PathContainer path) {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && pattern.matches(path);
    }
}
