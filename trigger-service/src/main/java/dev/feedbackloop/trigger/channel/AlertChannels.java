package dev.feedbackloop.trigger.channel;

import dev.feedbackloop.kernel.rules.ActionType;
import dev.feedbackloop.kernel.rules.RuleAction;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.support.rules.ClosestName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured alert channels, checked when the service starts: each has a known type and a usable URL (or none),
 * a PagerDuty channel has its routing key, and every {@code alert} action of the rule book names one of them. Any
 * problem stops the start-up with one message listing every problem.
 */
@Component
@EnableConfigurationProperties(AlertChannelSettings.class)
public class AlertChannels {

    private static final Logger log = LoggerFactory.getLogger(AlertChannels.class);
    private static final String PREFIX = "platform.alerts.channels.";
    /** Headers the HTTP client sets itself or that would break the request. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type");

    private final Map<String, AlertChannel> channels;

    public AlertChannels(AlertChannelSettings settings, RuleBook rules) {
        List<String> problems = new ArrayList<>();
        Map<String, AlertChannel> checked = new LinkedHashMap<>();
        settings.channels().forEach((name, channel) -> check(name, channel, problems).ifPresent(c -> checked.put(name, c)));
        for (TriggerRule rule : rules.rules()) {
            for (RuleAction action : rule.actions()) {
                if (!ActionType.ALERT.name().equals(action.type())) {
                    continue;
                }
                String channel = action.parameter("channel").orElse("");
                if (!settings.channels().containsKey(channel)) {
                    problems.add(unknownChannel(rule.name(), channel, settings.channels().keySet()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AlertChannelException(problems);
        }
        this.channels = Map.copyOf(checked);
        checked.values().forEach(c -> log.info("Alert channel {}: {}, {}", c.name(), c.type().wireName(),
                c.url().map(u -> "to " + u.getHost()).orElse("no url: alerts are recorded, not sent")));
    }

    static String unknownChannel(String rule, String channel, Collection<String> configured) {
        String known = configured.isEmpty() ? "no channels are configured"
                : "configured channels: " + String.join(", ", configured);
        String hint = ClosestName.to(channel, configured).map(c -> "; did you mean '" + c + "'?").orElse("");
        return "trigger rule '" + rule + "' alerts channel '" + channel + "', which is not configured (" + known + ")"
                + hint + " Configure it with " + PREFIX + channel + ".type and " + PREFIX + channel + ".url.";
    }

    private static Optional<AlertChannel> check(String name, AlertChannelSettings.Channel channel, List<String> problems) {
        String at = PREFIX + name;
        int before = problems.size();
        String typeName = channel.type() == null ? "" : channel.type().strip().toLowerCase(Locale.ROOT);
        Optional<AlertChannel.Type> type = AlertChannel.Type.named(typeName);
        String types = Arrays.stream(AlertChannel.Type.values()).map(AlertChannel.Type::wireName)
                .collect(Collectors.joining(", "));
        if (typeName.isEmpty()) {
            problems.add(at + ".type is missing; one of " + types);
        } else if (type.isEmpty()) {
            problems.add(at + ".type is '" + channel.type() + "'; it must be one of " + types
                    + ClosestName.to(typeName, Arrays.stream(AlertChannel.Type.values())
                    .map(AlertChannel.Type::wireName).toList()).map(t -> " (did you mean '" + t + "'?)").orElse(""));
        }
        String rawUrl = blankToNull(channel.url());
        if (rawUrl == null && type.orElse(null) == AlertChannel.Type.PAGERDUTY) {
            rawUrl = AlertChannel.PAGERDUTY_URL;
        }
        URI url = null;
        if (rawUrl != null) {
            url = url(rawUrl).orElse(null);
            if (url == null) {
                // Never echo the URL: a Slack webhook URL is itself the secret.
                problems.add(at + ".url is not an absolute http(s) URL with a host");
            }
        }
        String routingKey = blankToNull(channel.routingKey());
        if (type.orElse(null) == AlertChannel.Type.PAGERDUTY && routingKey == null) {
            problems.add(at + ".routing-key is missing; a pagerduty channel needs its integration's routing key");
        }
        if (type.isPresent() && type.get() != AlertChannel.Type.PAGERDUTY && routingKey != null) {
            problems.add(at + ".routing-key is only for pagerduty channels");
        }
        if (type.isPresent() && type.get() != AlertChannel.Type.GENERIC
                && (!channel.headers().isEmpty() || blankToNull(channel.secret()) != null)) {
            problems.add(at + ".headers and .secret are only for generic channels");
        }
        for (String header : channel.headers().keySet()) {
            if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || RESTRICTED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                problems.add(at + ".headers." + header + " is not a header this channel may set");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new AlertChannel(name, type.orElseThrow(), Optional.ofNullable(url), routingKey,
                channel.headers(), blankToNull(channel.secret())));
    }

    private static Optional<URI> url(String raw) {
        try {
            URI uri = new URI(raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public Optional<AlertChannel> find(String name) {
        return Optional.ofNullable(name == null ? null : channels.get(name));
    }

    /** Every channel, by name. */
    public Collection<AlertChannel> all() {
        return channels.values().stream().sorted(java.util.Comparator.comparing(AlertChannel::name)).toList();
    }

    /** The configuration does not fit: names every problem. */
    public static class AlertChannelException extends IllegalStateException {
        AlertChannelException(List<String> problems) {
            super("The alert channels (platform.alerts.channels.*) do not fit the trigger rules: "
                    + (problems.size() == 1 ? problems.get(0) : "\n  - " + String.join("\n  - ", problems)));
        }
    }
}
