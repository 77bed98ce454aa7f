package dev.feedbackloop.trigger.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code platform.webhooks.*}. A delivery is retried with exponential back-off and full jitter, from
 * {@code baseDelay} doubling up to {@code maxDelay} (longer when the receiver's Retry-After asks for it, up to
 * {@code maxRetryAfter}), until it is {@code maxAge} old; then it has failed. A 4xx answer but 408/425/429 fails it at
 * once. A subscription is disabled after {@code disableAfterFailures} failed deliveries in a row, once every attempt
 * has failed for {@code disableAfterFailingFor}, or at once on 410 Gone. After a secret rotation the earlier secrets
 * keep signing for {@code rotationOverlap}. Every {@code pruneInterval}, delivered entries older than
 * {@code deliveredRetention} and failed or undelivered ones older than {@code failedRetention} are deleted.
 *
 * <p>{@code allowLoopback} admits webhook URLs on loopback and private addresses and local host names (tests,
 * single-host setups); never the cloud metadata services, link-local, multicast or reserved addresses. Off by
 * default so a subscriber cannot make the platform call its own neighbours; when on, the start-up log says so.
 */
@ConfigurationProperties("platform.webhooks")
public record WebhookSettings(@DefaultValue("24h") Duration maxAge,
                              @DefaultValue("10s") Duration baseDelay,
                              @DefaultValue("1h") Duration maxDelay,
                              @DefaultValue("4") int concurrency,
                              @DefaultValue("5s") Duration connectTimeout,
                              @DefaultValue("10s") Duration requestTimeout,
                              @DefaultValue("1s") Duration pollInterval,
                              @DefaultValue("20") int disableAfterFailures,
                              @DefaultValue("24h") Duration disableAfterFailingFor,
                              @DefaultValue("false") boolean allowLoopback,
                              @DefaultValue("24h") Duration rotationOverlap,
                              @DefaultValue("7d") Duration deliveredRetention,
                              @DefaultValue("30d") Duration failedRetention,
                              @DefaultValue("1h") Duration pruneInterval,
                              @DefaultValue("1h") Duration maxRetryAfter) {

    public WebhookSettings {
        require(positive(maxAge), "platform.webhooks.max-age", "must be positive");
        require(positive(baseDelay), "platform.webhooks.base-delay", "must be positive");
        require(positive(maxDelay) && maxDelay.compareTo(baseDelay) >= 0, "platform.webhooks.max-delay",
                "must be at least platform.webhooks.base-delay");
        require(concurrency >= 1 && concurrency <= 256, "platform.webhooks.concurrency", "must be between 1 and 256");
        require(positive(connectTimeout), "platform.webhooks.connect-timeout", "must be positive");
        require(positive(requestTimeout), "platform.webhooks.request-timeout", "must be positive");
        require(positive(pollInterval), "platform.webhooks.poll-interval", "must be positive");
        require(disableAfterFailures >= 1, "platform.webhooks.disable-after-failures", "must be at least 1");
        require(positive(disableAfterFailingFor), "platform.webhooks.disable-after-failing-for", "must be positive");
        require(rotationOverlap != null && !rotationOverlap.isNegative() && rotationOverlap.compareTo(Duration.ofDays(30)) <= 0,
                "platform.webhooks.rotation-overlap", "must be between 0 and 30 days");
        require(positive(deliveredRetention), "platform.webhooks.delivered-retention", "must be positive");
        require(positive(failedRetention) && failedRetention.compareTo(maxAge) >= 0, "platform.webhooks.failed-retention",
                "must be at least platform.webhooks.max-age");
        require(positive(pruneInterval), "platform.webhooks.prune-interval", "must be positive");
        require(positive(maxRetryAfter), "platform.webhooks.max-retry-after", "must be positive");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String property, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(property + " " + rule);
        }
    }
}
