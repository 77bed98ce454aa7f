package dev.feedbackloop.support.http;

import dev.feedbackloop.support.config.PlatformProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import reactor.netty.http.server.HttpServer;

import java.util.List;

/**
 * Applies {@code platform.http.*} to the Netty server: without them Reactor Netty keeps an idle or slow connection
 * open forever, and 800 of them were never closed. Runs after Boot's own server customizer, which sets the request
 * decoder from {@code server.*} properties: the Boot properties this replaces are refused at start-up rather than
 * silently ignored.
 */
final class ServerLimits {

    /** Boot's names for what {@code platform.http.*} sets, and the platform name to use instead. */
    static final List<List<String>> REPLACED = List.of(
            List.of("server.netty.idle-timeout", "platform.http.idle-timeout"),
            List.of("server.netty.max-initial-line-length", "platform.http.max-initial-line-length"),
            List.of("server.max-http-request-header-size", "platform.http.max-header-size"));

    private ServerLimits() {
    }

    static WebServerFactoryCustomizer<NettyReactiveWebServerFactory> customizer(PlatformProperties.Http limits,
                                                                                Environment environment) {
        for (List<String> names : REPLACED) {
            if (environment.containsProperty(names.get(0))) {
                throw new IllegalStateException(names.get(0) + " is not used by the platform: set " + names.get(1)
                        + " instead (see docs/operations.md, HTTP limits)");
            }
        }
        return new Customizer(limits);
    }

    /** The limits as Reactor Netty options; one connection count per server. */
    static HttpServer apply(HttpServer server, PlatformProperties.Http limits) {
        ConnectionLimit connections = new ConnectionLimit(limits.maxConnections());
        return server
                .idleTimeout(limits.idleTimeout())
                .readTimeout(limits.readTimeout())
                .requestTimeout(limits.requestTimeout())
                .httpRequestDecoder(decoder -> decoder
                        .maxInitialLineLength((int) limits.maxInitialLineLength().toBytes())
                        .maxHeaderSize((int) limits.maxHeaderSize().toBytes()))
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    channel.pipeline().addFirst(ConnectionLimit.NAME, connections);
                    HeaderDeadline.install(channel.pipeline(), limits.headerTimeout());
                    DecodingFailureOrder.install(channel.pipeline());
                });
    }

    private record Customizer(PlatformProperties.Http limits)
            implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

        @Override
        public void customize(NettyReactiveWebServerFactory factory) {
            factory.addServerCustomizers(server -> apply(server, limits));
        }

        /** After Boot's customizer (order 0), whose request decoder settings this replaces. */
        @Override
        public int getOrder() {
            return 1;
        }
    }
}
