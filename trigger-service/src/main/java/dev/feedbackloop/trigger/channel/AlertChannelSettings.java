package dev.feedbackloop.trigger.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code platform.alerts.*}: the channels alert rules may name, by name, and the SMTP server email channels send
 * through. Each channel has a {@code type} ({@code slack}, {@code pagerduty}, {@code generic} or {@code email}), a
 * {@code url} (PagerDuty's defaults to {@value AlertChannel#PAGERDUTY_URL} once it has a routing key; a channel
 * without one records its alerts but sends nothing), a {@code routing-key} (PagerDuty only; without one a PagerDuty
 * channel records its alerts and sends nothing), {@code headers} (generic only), a {@code secret} (generic only; when
 * set, the body is signed like a webhook delivery) and {@code to} (email only: the recipients, comma-separated;
 * without any an email channel records its alerts and sends nothing).
 *
 * <p>The shipped defaults (platform-defaults.properties) configure the channels the default rules name, with their
 * URLs, keys and recipients read from environment variables such as
 * {@code PLATFORM_ALERTS_CHANNELS_SLACK_ML_TEAM_URL}, {@code PLATFORM_ALERTS_CHANNELS_PAGERDUTY_ROUTING_KEY} and
 * {@code PLATFORM_ALERTS_CHANNELS_EMAIL_COMPLIANCE_TO}.
 * An environment variable can set a property of a channel that is already declared (the dashes of its name become
 * underscores), but cannot declare a new channel whose name has a dash: Spring cannot tell where such a name ends.
 * Declare new channels as properties ({@code --platform.alerts.channels.pager-ops.type=pagerduty}, an
 * application.properties file, or {@code SPRING_APPLICATION_JSON}).
 */
@ConfigurationProperties("platform.alerts")
public record AlertChannelSettings(Map<String, Channel> channels, Smtp smtp) {

    public AlertChannelSettings {
        channels = channels == null ? Map.of() : new TreeMap<>(channels);
        smtp = smtp == null ? Smtp.DEFAULTS : smtp;
    }

    /** One channel as configured; checked by {@link AlertChannels}. */
    public record Channel(String type, String url, String routingKey, Map<String, String> headers, String secret,
                          List<String> to) {
        public Channel {
            headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
            to = to == null ? List.of() : to.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * The SMTP server of the email channels ({@code platform.alerts.smtp.*}); needed once an email channel has
     * recipients. {@code security} is {@code starttls} (required, the default), {@code tls} (implicit, port 465)
     * or {@code none}. Every connection, read and write is bounded by the timeouts; a message that could not be
     * sent is tried again after {@code retry-delay}, doubling up to {@code max-delay}, {@code max-attempts} times in
     * all. The password is never logged or shown.
     */
    public record Smtp(String host, @DefaultValue("587") int port, String username, String password, String from,
                       @DefaultValue("starttls") String security, @DefaultValue("10s") Duration connectTimeout,
                       @DefaultValue("30s") Duration timeout, @DefaultValue("6") int maxAttempts,
                       @DefaultValue("30s") Duration retryDelay, @DefaultValue("30m") Duration maxDelay,
                       @DefaultValue("5s") Duration pollInterval) {

        static final Smtp DEFAULTS = new Smtp(null, 587, null, null, null, "starttls", Duration.ofSeconds(10),
                Duration.ofSeconds(30), 6, Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofSeconds(5));

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", username=" + username + ", password="
                    + (password == null || password.isEmpty() ? "(none)" : "(set)") + ", from=" + from
                    + ", security=" + security + "]";
        }
    }
}
