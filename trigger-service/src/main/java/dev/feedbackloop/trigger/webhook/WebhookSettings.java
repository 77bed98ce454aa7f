package dev.feedbackloop.trigger.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code platform.webhooks.*}. A delivery is retried with exponential back-off and full jitter, from
 * {@code baseDelay} doubling up to {@code maxDelay}, until it is {@code maxAge} old; then it has failed. A
 * subscription is disabled after {@code disableAfterFailures} failed deliveries in a row, or once every attempt
 * has failed for {@code disableAfterFailingFor}. {@code allowLoopback} admits loopback and private URLs (tests,
 * single-host setups); off by default so a subscriber cannot make the platform call its own neighbours.
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
                              @DefaultValue("false") boolean allowLoopback) {

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
