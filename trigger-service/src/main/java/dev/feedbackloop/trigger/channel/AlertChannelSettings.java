package dev.feedbackloop.trigger.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code platform.alerts.*}: the channels alert rules may name, by name. Each channel has a {@code type}
 * ({@code slack}, {@code pagerduty} or {@code generic}), a {@code url} (PagerDuty's defaults to
 * {@value AlertChannel#PAGERDUTY_URL}; a channel without one records its alerts but sends nothing),
 * a {@code routing-key} (PagerDuty only, required there), {@code headers} (generic only) and a {@code secret}
 * (generic only; when set, the body is signed like a webhook delivery).
 *
 * <p>The shipped defaults (platform-defaults.properties) configure the three Slack channels the default rules name,
 * with their URLs read from {@code PLATFORM_ALERTS_CHANNELS_SLACK_ML_TEAM_URL},
 * {@code PLATFORM_ALERTS_CHANNELS_SLACK_DATA_TEAM_URL} and {@code PLATFORM_ALERTS_CHANNELS_SLACK_QA_TEAM_URL}.
 * An environment variable can set a property of a channel that is already declared (the dashes of its name become
 * underscores), but cannot declare a new channel whose name has a dash: Spring cannot tell where such a name ends.
 * Declare new channels as properties ({@code --platform.alerts.channels.pager-ops.type=pagerduty}, an
 * application.properties file, or {@code SPRING_APPLICATION_JSON}).
 */
@ConfigurationProperties("platform.alerts")
public record AlertChannelSettings(Map<String, Channel> channels) {

    public AlertChannelSettings {
        channels = channels == null ? Map.of() : new TreeMap<>(channels);
    }

    /** One channel as configured; checked by {@link AlertChannels}. */
    public record Channel(String type, String url, String routingKey, Map<String, String> headers, String secret) {
        public Channel {
            headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        }
    }
}
