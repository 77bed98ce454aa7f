package dev.feedbackloop.trigger.webhook;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs deliveries with the sender's timeouts, one connection per attempt (no pool to hold stale connections or
 * skip a check), no redirects followed (a 3xx is a failed attempt: the subscriber fixes the URL). Subscribers' URLs
 * go through the {@link AddressPolicy}: a literal address is checked before connecting, a name by the
 * {@link VettingResolverGroup} when it is looked up, and the connection goes to the checked address. Alert channel
 * URLs come from the operator's configuration and are trusted as they are.
 */
final class DeliveryClient {

    private final WebhookSettings settings;
    private final AddressPolicy policy;
    private final Clock clock;
    private final LoopResources loops;
    private final HttpClient vetted;
    private final HttpClient trusted;

    DeliveryClient(WebhookSettings settings, AddressPolicy policy, HostResolver resolver, Clock clock) {
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.loops = LoopResources.create("webhook-http", Math.min(settings.concurrency(), 4), true);
        HttpClient base = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .responseTimeout(settings.requestTimeout())
                .followRedirect(false)
                .keepAlive(false)
                .noProxy();
        this.vetted = base.resolver(new VettingResolverGroup(resolver, policy));
        this.trusted = base;
    }

    /** The receiver's answer to one POST, or null when the sending thread was interrupted before it came. */
    Outcome post(URI url, Map<String, String> headers, byte[] body, boolean vet) {
        if (vet) {
            Optional<String> refusal = AddressPolicy.literal(AddressPolicy.normalizeHost(url.getHost()))
                    .flatMap(policy::refusal);
            if (refusal.isPresent()) {
                return Outcome.refused("refused: " + url.getHost() + " " + refusal.get());
            }
        }
        HttpClient client = (vet ? vetted : trusted).headers(h -> {
            h.set("Content-Type", "application/json");
            h.set("User-Agent", "feedbackloop-webhooks/2");
            headers.forEach(h::set);
        });
        Duration limit = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(5);
        try {
            Outcome outcome = client.post().uri(url)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                    .response((response, content) -> content.then(Mono.fromSupplier(() -> Outcome.answered(
                            response.status().code(), response.responseHeaders().get("Retry-After"), clock.instant()))))
                    .next()
                    .block(limit);
            return outcome == null ? Outcome.error("no answer") : outcome;
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                return null;
            }
            return failure(cause);
        }
    }

    private Outcome failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VettingResolverGroup.RefusedAddressException) {
                return Outcome.refused(t.getMessage());
            }
            if (t instanceof ConnectTimeoutException) {
                return Outcome.error("connect timed out after " + settings.connectTimeout());
            }
            if (t instanceof ReadTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return Outcome.error("no answer within " + settings.requestTimeout());
            }
            if (t instanceof ConnectException) {
                return Outcome.error("connection failed: " + (t.getMessage() == null ? "refused" : t.getMessage()));
            }
            if (t instanceof UnknownHostException) {
                return Outcome.error("unknown host: " + t.getMessage());
            }
            if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith("Timeout on blocking read")) {
                return Outcome.error("no answer within " + settings.requestTimeout());
            }
        }
        return Outcome.error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * Closes the event loops at once: the sender has interrupted its deliveries (each is leased, so it is sent again
     * once its lease runs out), so Netty's default quiet period of 2 s would only wait for work that cannot come.
     */
    void close() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(6));
    }
}
