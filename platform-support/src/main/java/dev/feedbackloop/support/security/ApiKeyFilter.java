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
 * Guards every route but the {@link PublicRoute}s: no valid bearer key is a 401, a key without the route's scope a
 * 403, answered as problem+json or, on a path a {@link DenialFormat} claims, in that format. The decision is made on the path as the router sees it ({@link PathContainer} segments, decoded, without
 * {@code ;} parameters), and by default: a path no rule names needs {@code admin}, so no spelling of a path
 * ({@code /%61pi/..}, {@code /api;x/..}, {@code //api/..}) reaches a handler with less than its scope.
 */
public class ApiKeyFilter implements WebFilter, Ordered {

    public static final String API_KEY_ATTRIBUTE = ApiKey.class.getName();

    private final ApiKeys keys;
    private final List<AccessRule> rules;
    private final List<PublicRoute> publicRoutes;
    private final List<DenialFormat> denialFormats;

    public ApiKeyFilter(ApiKeys keys, List<AccessRule> rules, List<PublicRoute> publicRoutes,
                        List<DenialFormat> denialFormats) {
        this.keys = keys;
        this.rules = List.copyOf(rules);
        this.publicRoutes = List.copyOf(publicRoutes);
        this.denialFormats = List.copyOf(denialFormats);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        HttpMethod method = exchange.getRequest().getMethod();
        if (hasDotSegment(path)) {
            // no route has one; a client that sends "/a/../b" means a path the router would not read the same way
            return deny(exchange.getResponse(), path, HttpStatus.BAD_REQUEST, "INVALID_PATH",
                    "The path must not contain '.' or '..' segments");
        }
        if (isPublic(method, path)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return deny(exchange.getResponse(), path, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "Send an API key as 'Authorization: Bearer <key>'");
        }
        var key = keys.find(header.substring(7).trim());
        if (key.isEmpty()) {
            return deny(exchange.getResponse(), path, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "The API key is not valid");
        }
        Scope needed = requiredScope(method, path);
        if (needed != null && !key.get().allows(needed)) {
            return deny(exchange.getResponse(), path, HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "The API key lacks the scope '" + needed.wireName() + "'");
        }
        exchange.getAttributes().put(API_KEY_ATTRIBUTE, key.get());
        return chain.filter(exchange);
    }

    static boolean hasDotSegment(PathContainer path) {
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment
                    && (segment.valueToMatch().equals(".") || segment.valueToMatch().equals(".."))) {
                return true;
            }
        }
        return false;
    }

    public boolean isPublic(HttpMethod method, PathContainer path) {
        for (PublicRoute route : publicRoutes) {
            if (route.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scope a request needs: the first rule that names it (HEAD reads as GET), otherwise {@code admin}; null when
     * any valid key may make it.
     */
    public Scope requiredScope(HttpMethod method, PathContainer path) {
        HttpMethod asRouted = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
        for (AccessRule rule : rules) {
            if (rule.matches(asRouted, path)) {
                return rule.scope();
            }
        }
        return Scope.ADMIN;
    }

    private Mono<Void> deny(ServerHttpResponse response, PathContainer path, HttpStatus status, String code,
                            String detail) {
        response.setStatusCode(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        for (DenialFormat format : denialFormats) {
            if (format.appliesTo(path)) {
                response.getHeaders().setContentType(format.contentType());
                return response.writeWith(Mono.just(response.bufferFactory()
                        .wrap(format.body(status, code, detail).getBytes(StandardCharsets.UTF_8))));
            }
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"urn:feedback-loop:problem:" + code.toLowerCase().replace('_', '-')
                + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\",\"code\":\"" + code + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
