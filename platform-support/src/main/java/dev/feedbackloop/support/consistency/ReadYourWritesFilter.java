package dev.feedbackloop.support.consistency;

import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.security.DenialFormat;
import org.springframework.core.Ordered;
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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read your writes, for every service at once. A successful write on a {@link ConsistentRoutes.Write} answers with
 * the event store's head position read after its commit (its own events are at or before it) in
 * {@value ConsistencyToken#HEADER}. A {@link ConsistentRoutes.Read} given a token (that header or the
 * {@value ConsistencyToken#PARAMETER} query parameter) is handled only once every segment of its processing groups
 * has passed the position; the positions are polled on {@code scheduler} between timer ticks, so no event-loop thread
 * waits, and after {@code platform.consistency.max-wait} the answer is 503 with Retry-After. Runs after the API key
 * check, so only an authorised client can make the platform wait.
 */
public class ReadYourWritesFilter implements WebFilter, Ordered {

    private final List<ConsistentRoutes> routes;
    private final ProcessorPositions positions;
    private final Duration maxWait;
    private final Duration pollInterval;
    private final Scheduler scheduler;
    private final List<DenialFormat> formats;

    public ReadYourWritesFilter(List<ConsistentRoutes> routes, ProcessorPositions positions,
                                PlatformProperties.Consistency settings, Scheduler scheduler,
                                List<DenialFormat> formats) {
        this.routes = List.copyOf(routes);
        this.positions = positions;
        this.maxWait = settings.maxWait();
        this.pollInterval = settings.pollInterval();
        this.scheduler = scheduler;
        this.formats = List.copyOf(formats);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        HttpMethod method = exchange.getRequest().getMethod();
        Optional<ConsistentRoutes.Read> read = ConsistentRoutes.readOf(routes, method, path);
        if (read.isPresent()) {
            String presented = exchange.getRequest().getHeaders().getFirst(ConsistencyToken.HEADER);
            String source = ConsistencyToken.HEADER;
            if (presented == null) {
                presented = exchange.getRequest().getQueryParams().getFirst(ConsistencyToken.PARAMETER);
                source = ConsistencyToken.PARAMETER;
            }
            if (presented != null) {
                Optional<ConsistencyToken> token = ConsistencyToken.parse(presented);
                if (token.isEmpty()) {
                    return refuse(exchange.getResponse(), path, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", source,
                            source + ": is not a consistency token this platform issued (copy it from a write's "
                                    + ConsistencyToken.HEADER + " header)");
                }
                ServerWebExchange withoutToken = withoutTokenParameter(exchange);
                return caughtUp(read.get().processingGroups(), token.get().position())
                        .flatMap(passed -> passed ? chain.filter(withoutToken)
                                : refuse(exchange.getResponse(), path, HttpStatus.SERVICE_UNAVAILABLE,
                                "NOT_YET_CONSISTENT", null, "The read model has not reached the write's position "
                                        + token.get().wire() + " within " + maxWait.toMillis()
                                        + " ms; nothing is wrong with the write, retry the read"));
            }
        } else if (ConsistentRoutes.isWrite(routes, method, path)) {
            ServerHttpResponse response = exchange.getResponse();
            response.beforeCommit(() -> stamp(response));
        }
        return chain.filter(exchange);
    }

    /**
     * The read's own query parameters are checked strictly (an unknown one is refused), so the token's parameter is
     * taken off before the request reaches them.
     */
    static ServerWebExchange withoutTokenParameter(ServerWebExchange exchange) {
        if (!exchange.getRequest().getQueryParams().containsKey(ConsistencyToken.PARAMETER)) {
            return exchange;
        }
        URI uri = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                .replaceQueryParam(ConsistencyToken.PARAMETER).build(true).toUri();
        return exchange.mutate().request(request -> request.uri(uri)).build();
    }

    /** The head is read when the answer is about to be sent, so after the write's commit. */
    private Mono<Void> stamp(ServerHttpResponse response) {
        if (response.getStatusCode() == null || !response.getStatusCode().is2xxSuccessful()) {
            return Mono.empty();
        }
        return Mono.fromCallable(positions::head).subscribeOn(scheduler)
                .doOnNext(head -> head.ifPresent(position ->
                        response.getHeaders().set(ConsistencyToken.HEADER, new ConsistencyToken(position).wire())))
                .then();
    }

    /** True as soon as every group has passed the position, false when {@code maxWait} ran out first. */
    Mono<Boolean> caughtUp(Set<String> groups, long position) {
        // The answer moves to another thread before the repeat takes it: repeatWhenEmpty cancels its source on the
        // first value, and cancelling a task still running on the polling scheduler interrupts that thread, which
        // would then run the read itself and fail it.
        return Mono.fromCallable(() -> groups.stream().allMatch(group -> positions.passed(group, position)))
                .subscribeOn(scheduler)
                .publishOn(Schedulers.parallel())
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(attempts -> attempts.concatMap(attempt -> Mono.delay(pollInterval)))
                .timeout(maxWait, Mono.just(false));
    }

    private Mono<Void> refuse(ServerHttpResponse response, PathContainer path, HttpStatus status, String code,
                              String field, String detail) {
        response.setStatusCode(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }
        String body = null;
        for (DenialFormat format : formats) {
            if (format.appliesTo(path)) {
                response.getHeaders().setContentType(format.contentType());
                body = format.body(status, code, detail);
                break;
            }
        }
        if (body == null) {
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            String quoted = detail.replace("\\", "\\\\").replace("\"", "'");
            body = "{\"type\":\"urn:feedback-loop:problem:" + code.toLowerCase().replace('_', '-')
                    + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                    + ",\"detail\":\"" + quoted + "\",\"code\":\"" + code + "\""
                    + (field == null ? "" : ",\"errors\":[{\"field\":\"" + field
                    + "\",\"rule\":\"format\",\"message\":\"is not a consistency token this platform issued\"}]")
                    + "}";
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
