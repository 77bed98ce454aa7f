package dev.feedbackloop.support.web;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request a request id and, when the caller sent a W3C {@code traceparent}, its trace id, so a log line
 * written for the request can be found from what the client saw. The request id is the caller's {@code X-Request-Id}
 * when it is a plain token of at most 64 characters (letters, digits, {@code . _ : -}), else 16 random hex digits; it
 * is answered in {@code X-Request-Id}. The ids are exchange attributes; {@link #logging(ServerWebExchange)} puts them
 * in the MDC ({@value #REQUEST_ID_KEY}, {@value #TRACE_ID_KEY}) around a log call, where the JSON logs show them.
 */
public class RequestIds implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String REQUEST_ID_KEY = "request_id";
    public static final String TRACE_ID_KEY = "trace_id";
    static final String REQUEST_ID_ATTRIBUTE = RequestIds.class.getName() + ".requestId";
    static final String TRACE_ID_ATTRIBUTE = RequestIds.class.getName() + ".traceId";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** version 00: 2 hex, trace id 32 hex (not all zero), parent id 16 hex, flags 2 hex (W3C Trace Context). */
    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;      // before the key check, so a refused request has its id too
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String requestId = given != null && TOKEN.matcher(given).matches() ? given : newId();
        exchange.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
        exchange.getAttributes().put(ServerWebExchange.LOG_ID_ATTRIBUTE, requestId);    // Spring's own "[id] " prefix
        String traceId = traceId(exchange.getRequest().getHeaders().getFirst("traceparent"));
        if (traceId != null) {
            exchange.getAttributes().put(TRACE_ID_ATTRIBUTE, traceId);
        }
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        return chain.filter(exchange);
    }

    /** The trace id of a well-formed {@code traceparent}, else null. */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches() || m.group(1).equals("ff") || m.group(2).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return m.group(2);
    }

    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** " (request abc, trace 4bf9...)" for a plain-text log message; empty outside a request. */
    public static String describe(ServerWebExchange exchange) {
        String requestId = requestId(exchange);
        if (requestId == null) {
            return "";
        }
        String traceId = exchange.getAttribute(TRACE_ID_ATTRIBUTE);
        return " (request " + requestId + (traceId == null ? "" : ", trace " + traceId) + ")";
    }

    /** The request's id, or null outside a request that passed this filter. */
    public static String requestId(ServerWebExchange exchange) {
        return exchange == null ? null : exchange.getAttribute(REQUEST_ID_ATTRIBUTE);
    }

    /** Puts the request's ids in the MDC until closed: {@code try (var ids = RequestIds.logging(exchange)) {log...}}. */
    public static Scope logging(ServerWebExchange exchange) {
        String requestId = requestId(exchange);
        String traceId = exchange == null ? null : exchange.getAttribute(TRACE_ID_ATTRIBUTE);
        if (requestId != null) {
            MDC.put(REQUEST_ID_KEY, requestId);
        }
        if (traceId != null) {
            MDC.put(TRACE_ID_KEY, traceId);
        }
        return () -> {
            MDC.remove(REQUEST_ID_KEY);
            MDC.remove(TRACE_ID_KEY);
        };
    }

    /** The MDC entries of {@link #logging}, removed on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
