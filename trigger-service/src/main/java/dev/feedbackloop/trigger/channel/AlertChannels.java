package dev.feedbackloop.trigger.channel;

import dev.feedbackloop.kernel.rules.ActionType;
import dev.feedbackloop.kernel.rules.RuleAction;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.support.rules.ClosestName;
import dev.feedbackloop.support.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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
 * a PagerDuty channel with a URL has its routing key, an email channel valid recipients (and then the SMTP settings
 * a server and a sender), and every {@code alert} action of the rule book names one of them. Any problem stops the
 * start-up with one message listing every problem.
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

    public AlertChannels(AlertChannelSettings settings, RuleBook rules, ObjectProvider<SecretBox> secrets) {
        List<String> problems = new ArrayList<>();
        Map<String, AlertChannel> checked = new LinkedHashMap<>();
        SecretBox box = secrets.getIfAvailable();
        settings.channels().forEach((name, channel) -> check(name, opened(name, channel, box, problems), problems)
                .ifPresent(c -> checked.put(name, c)));
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
        if (settings.channels().values().stream().anyMatch(c -> "email".equalsIgnoreCase(String.valueOf(c.type()).strip())
                && !c.to().isEmpty())) {
            checkSmtp(settings.smtp(), problems);
        }
        if (!problems.isEmpty()) {
            throw new AlertChannelException(problems);
        }
        this.channels = Map.copyOf(checked);
        checked.values().forEach(c -> log.info("Alert channel {}: {}, {}", c.name(), c.type().wireName(),
                c.type() == AlertChannel.Type.EMAIL
                        ? (c.sends() ? c.recipients().size() + " recipient(s)" : "no recipients: alerts are recorded, not sent")
                        : c.url().map(u -> "to " + u.getHost()).orElse(c.type() == AlertChannel.Type.PAGERDUTY
                        ? "no routing key: alerts are recorded, not sent" : "no url: alerts are recorded, not sent")));
    }

    /** The SMTP settings an email channel with recipients needs: a server, a sender, sane bounds. */
    private static void checkSmtp(AlertChannelSettings.Smtp smtp, List<String> problems) {
        String at = "platform.alerts.smtp";
        if (blankToNull(smtp.host()) == null) {
            problems.add(at + ".host is missing; an email channel with recipients sends through it");
        }
        if (smtp.port() < 1 || smtp.port() > 65535) {
            problems.add(at + ".port must be between 1 and 65535, was " + smtp.port());
        }
        if (blankToNull(smtp.from()) == null) {
            problems.add(at + ".from is missing; the address alerts are sent from");
        } else if (!EmailAlerts.isAddress(smtp.from())) {
            problems.add(at + ".from is not an email address");
        }
        if (!List.of("starttls", "tls", "none").contains(String.valueOf(smtp.security()).toLowerCase(Locale.ROOT))) {
            problems.add(at + ".security is '" + smtp.security() + "'; it must be one of starttls, tls, none");
        }
        if ((blankToNull(smtp.username()) == null) != (smtp.password() == null || smtp.password().isEmpty())) {
            problems.add(at + ".username and .password are set together or not at all");
        }
        for (var bound : Map.of("connect-timeout", smtp.connectTimeout(), "timeout", smtp.timeout(),
                "retry-delay", smtp.retryDelay(), "max-delay", smtp.maxDelay(), "poll-interval", smtp.pollInterval()).entrySet()) {
            if (bound.getValue() == null || bound.getValue().isNegative() || bound.getValue().isZero()) {
                problems.add(at + "." + bound.getKey() + " must be positive");
            }
        }
        if (smtp.maxAttempts() < 1 || smtp.maxAttempts() > 50) {
            problems.add(at + ".max-attempts must be between 1 and 50, was " + smtp.maxAttempts());
        }
    }

    /** What a channel's sealed values (see {@link #secretContext}) are bound to. */
    public static String secretContext(String channel) {
        return "channel/" + channel;
    }

    /**
     * The channel with its sealed values opened: the url (a Slack URL is itself a secret), routing key, secret and
     * header values may each be given sealed ({@code v1:...}, from {@code POST /api/v1/channels/<name>/seal}), so
     * configuration files and environments need not hold them in plain text.
     */
    private static AlertChannelSettings.Channel opened(String name, AlertChannelSettings.Channel channel, SecretBox box,
                                                       List<String> problems) {
        String at = PREFIX + name;
        Map<String, String> headers = new LinkedHashMap<>();
        channel.headers().forEach((header, value) -> headers.put(header, open(at + ".headers." + header, value, name, box, problems)));
        return new AlertChannelSettings.Channel(channel.type(), open(at + ".url", channel.url(), name, box, problems),
                open(at + ".routing-key", channel.routingKey(), name, box, problems), headers,
                open(at + ".secret", channel.secret(), name, box, problems), channel.to());
    }

    private static String open(String property, String value, String channel, SecretBox box, List<String> problems) {
        if (value == null || !SecretBox.isSealed(value.strip())) {
            return value;
        }
        if (box == null) {
            problems.add(property + " is sealed, but this service has no secrets key");
            return null;
        }
        try {
            return box.open(value.strip(), secretContext(channel));
        } catch (SecretBox.UnreadableSecretException e) {
            problems.add(property + " is sealed but does not open: " + e.getMessage());
            return null;
        }
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
        String routingKey = blankToNull(channel.routingKey());
        String rawUrl = blankToNull(channel.url());
        if (rawUrl == null && type.orElse(null) == AlertChannel.Type.PAGERDUTY && routingKey != null) {
            rawUrl = AlertChannel.PAGERDUTY_URL;
        }
        if (rawUrl != null && type.orElse(null) == AlertChannel.Type.EMAIL) {
            problems.add(at + ".url is not for email channels; they send to .to through platform.alerts.smtp");
            rawUrl = null;
        }
        URI url = null;
        if (rawUrl != null) {
            url = url(rawUrl).orElse(null);
            if (url == null) {
                // Never echo the URL: a Slack webhook URL is itself the secret.
                problems.add(at + ".url is not an absolute http(s) URL with a host");
            }
        }
        if (type.orElse(null) == AlertChannel.Type.PAGERDUTY && routingKey == null && url != null) {
            problems.add(at + ".routing-key is missing; a pagerduty channel with a url needs its integration's routing key");
        }
        if (type.isPresent() && type.get() != AlertChannel.Type.PAGERDUTY && routingKey != null) {
            problems.add(at + ".routing-key is only for pagerduty channels");
        }
        if (type.isPresent() && type.get() != AlertChannel.Type.GENERIC
                && (!channel.headers().isEmpty() || blankToNull(channel.secret()) != null)) {
            problems.add(at + ".headers and .secret are only for generic channels");
        }
        if (type.isPresent() && type.get() != AlertChannel.Type.EMAIL && !channel.to().isEmpty()) {
            problems.add(at + ".to is only for email channels");
        }
        for (int i = 0; i < channel.to().size(); i++) {
            if (!EmailAlerts.isAddress(channel.to().get(i))) {
                problems.add(at + ".to[" + i + "] is not an email address");
            }
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
                channel.headers(), blankToNull(channel.secret()), channel.to()));
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
