package dev.feedbackloop.trigger.channel;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A configured, checked alert channel. {@code url} is empty when alerts on it are recorded but not sent over HTTP;
 * an email channel has no url and sends to its {@code recipients} (none: recorded, not sent).
 */
public record AlertChannel(String name, Type type, Optional<URI> url, String routingKey, Map<String, String> headers,
                           String secret, List<String> recipients) {

    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    public AlertChannel {
        headers = Map.copyOf(headers);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** Whether alerts on this channel are sent anywhere, or only recorded. */
    public boolean sends() {
        return type == Type.EMAIL ? !recipients.isEmpty() : url.isPresent();
    }

    /** The kinds of receivers an alert can go to. */
    public enum Type {
        SLACK, PAGERDUTY, GENERIC, EMAIL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Type> named(String name) {
            for (Type t : values()) {
                if (t.wireName().equals(name)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
