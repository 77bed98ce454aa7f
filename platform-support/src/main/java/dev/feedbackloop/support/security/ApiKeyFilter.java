package dev.feedbackloop.support.security;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Guards {@code /api/**}: no valid bearer key is a 401, a key without the route's scope a 403. Everything else
 * (health, readiness) stays open.
 */
public class ApiKeyFilter implements WebFilter, Ordered {

    public static final String API_KEY_ATTRIBUTE = ApiKey.class.getName();

    private final ApiKeys keys;
    private final List<AccessRule> rules;

    public ApiKeyFilter(ApiKeys keys, List<AccessRule> rules) {
        this.keys = keys;
        this.rules = List.copyOf(rules);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!path.value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return deny(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "Send an API key as 'Authorization: Bearer <key>'");
        }
        var key = keys.find(header.substring(7).trim());
        if (key.isEmpty()) {
            return deny(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "The API key is not valid");
        }
        Scope needed = requiredScope(exchange.getRequest().getMethod(), path);
        if (!key.get().allows(needed)) {
            return deny(exchange.getResponse(), HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "The API key lacks the scope '" + needed.wireName() + "'");
        }
        exchange.getAttributes().put(API_KEY_ATTRIBUTE, key.get());
        return chain.filter(exchange);
    }

    Scope requiredScope(HttpMethod method, PathContainer path) {
        for (AccessRule rule : rules) {
            if (rule.matches(method, path)) {
                return rule.scope();
            }
        }
        return Scope.ADMIN;
    }

    private static Mono<Void> deny(ServerHttpResponse response, HttpStatus status, String code, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        String body = "{\"type\":\"urn:feedback-loop:problem:" + code.toLowerCase().replace('_', '-')
                + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\",\"code\":\"" + code + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
