package dev.feedbackloop.support.http;

import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.web.ProblemHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Hooks;

/** The server's limits, JSON-only bodies, and the exchange in each request's context for body readers. */
@Configuration(proxyBeanMethods = false)
public class HttpEdgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpEdgeConfiguration.class);

    /**
     * A client that stalls past the read or request timeout has its connection closed; Reactor then reports the
     * timeout to a body reader that is already done, as a "dropped" error logged at ERROR with a stack trace. One
     * per slow client would let anyone fill the log: those are logged at DEBUG, everything else as before.
     */
    public HttpEdgeConfiguration() {
        Hooks.onErrorDropped(error -> {
            if (ProblemHandler.isClientGone(error)) {
                log.debug("Dropped after the connection was closed: {}", error.toString());
            } else {
                log.error("Operator called default onErrorDropped", error);
            }
        });
    }

    @Bean
    public WebServerFactoryCustomizer<NettyReactiveWebServerFactory> platformHttpLimits(PlatformProperties properties,
                                                                                         Environment environment) {
        return ServerLimits.customizer(properties.http(), environment);
    }

    @Bean
    public WebFluxRegistrations jsonBodyMappings() {
        return new WebFluxRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new JsonBodyMappings();
            }
        };
    }

    /** Lets {@code JsonBodies} see a request's declared length and refuse it before reading (and before a 100). */
    @Bean
    public ServerWebExchangeContextFilter exchangeContextFilter() {
        return new ServerWebExchangeContextFilter();
    }
}
