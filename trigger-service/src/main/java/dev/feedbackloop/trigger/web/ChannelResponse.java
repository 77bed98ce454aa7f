package dev.feedbackloop.trigger.web;

import dev.feedbackloop.trigger.channel.AlertChannel;
import io.swagger.v3.oas.annotations.media.Schema;

import java.net.URI;
import java.util.List;

/**
 * An alert channel as configured: its type, whether it has a URL and the URL's host, the names of its headers, how
 * many recipients an email channel has and whether it sends at all. Never the URL itself (a Slack webhook URL is its
 * own secret), the routing key, the headers' values, the secret or the recipients' addresses.
 */
@Schema(name = "AlertChannel")
public record ChannelResponse(String name, String type, boolean urlSet, String host, boolean signed,
                              List<String> headers, int recipients, boolean sends) {

    static ChannelResponse of(AlertChannel channel) {
        return new ChannelResponse(channel.name(), channel.type().wireName(), channel.url().isPresent(),
                channel.url().map(URI::getHost).orElse(null), channel.secret() != null,
                List.copyOf(channel.headers().keySet()), channel.recipients().size(), channel.sends());
    }
}
