package dev.feedbackloop.support.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Clock;

/** Resolves controller parameters whose type is an {@link ApiQuery} record from the query string. */
public class ApiQueryResolver implements HandlerMethodArgumentResolver {

    private final RequestReader reader;
    private final Clock clock;

    public ApiQueryResolver(RequestReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().isAnnotationPresent(ApiQuery.class);
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> reader.readQuery(exchange.getRequest().getQueryParams(), parameter.getParameterType(),
                new RequestRules.Context(clock.instant())));
    }
}
