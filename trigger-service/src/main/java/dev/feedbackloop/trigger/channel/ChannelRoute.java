package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.serialization.StoredFormat;
import dev.feedbackloop.trigger.webhook.DeliveryRoute;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import dev.feedbackloop.trigger.webhook.WebhookSender;
import dev.feedbackloop.trigger.webhook.WebhookSignature;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an alert delivery into the request its channel expects, with the channel's configuration as it is now:
 * a Slack message, a PagerDuty event, or (generic) the webhook envelope with the channel's headers, signed when
 * the channel has a secret. A resolution waits while the raised alert's delivery on the same channel is still
 * pending, so a receiver never gets the resolve before the trigger; its Slack message names the alert it resolves,
 * read from that delivery.
 */
@Component
public class ChannelRoute implements DeliveryRoute {

    private static final ObjectMapper STORED = StoredFormat.eventMapper();
    static final String RAISED = WebhookEventTypes.ofClass(AlertRaised.class);
    static final String RESOLVED = WebhookEventTypes.ofClass(AlertResolved.class);

    private final AlertChannels channels;
    private final ReadModelWriter readModels;
    private final Clock clock;
    private final Duration timeout;

    public ChannelRoute(AlertChannels channels, ReadModelWriter readModels, Clock clock, PlatformProperties platform) {
        this.channels = channels;
        this.readModels = readModels;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    @Override
    public String name() {
        return AlertChannelOutbox.ROUTE;
    }

    @Override
    public Request request(Document delivery) {
        String name = delivery.getString("channel");
        AlertChannel channel = channels.find(name)
                .orElseThrow(() -> new Undeliverable("not delivered: channel '" + name + "' is no longer configured"));
        if (channel.url().isEmpty()) {
            throw new Undeliverable(AlertChannelOutbox.NO_URL);
        }
        String envelope = delivery.getString("body");
        // deliveries enqueued before the dotted types name their event by its class
        String type = WebhookEventTypes.normalize(delivery.getString("event_type")).orElse("");
        Document raised = RESOLVED.equals(type) ? raisedDelivery(delivery) : null;
        if (raised != null && "pending".equals(raised.getString("state"))) {
            // A resolve that overtook its trigger would leave the receiver with an alert nobody resolves.
            throw new NotYet("waiting for the delivery of the alert it resolves");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String body = switch (channel.type()) {
            case GENERIC -> {
                headers.putAll(channel.headers());
                if (channel.secret() != null) {
                    long timestamp = clock.instant().getEpochSecond();
                    byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
                    headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
                    headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.standard(
                            List.of(channel.secret()), delivery.getString("event_id"), timestamp, bytes));
                    headers.put(WebhookSender.TIMESTAMP_HEADER, Long.toString(timestamp));
                    headers.put(WebhookSignature.HEADER, WebhookSignature.sign(channel.secret(), timestamp, bytes));
                }
                yield envelope;
            }
            case SLACK -> RAISED.equals(type)
                    ? SlackMessage.raised(data(envelope, AlertRaised.class))
                    : SlackMessage.resolved(data(envelope, AlertResolved.class),
                            raised == null ? null : data(raised.getString("body"), AlertRaised.class));
            case EMAIL -> throw new Undeliverable("not delivered: an email channel is sent by the email sender");
            case PAGERDUTY -> RAISED.equals(type)
                    ? PagerDutyEvent.trigger(channel.routingKey(), data(envelope, AlertRaised.class))
                    : PagerDutyEvent.resolve(channel.routingKey(), data(envelope, AlertResolved.class).alertId());
        };
        return new Request(channel.url().get(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private Document raisedDelivery(Document resolution) {
        return Mono.from(readModels.collection(WebhookOutbox.DELIVERIES).find(Filters.and(
                Filters.eq(FIELD, AlertChannelOutbox.ROUTE), Filters.eq("channel", resolution.getString("channel")),
                Filters.eq("alert_id", resolution.getString("alert_id")),
                Filters.in("event_type", RAISED, AlertRaised.class.getSimpleName())))
                .first()).block(timeout);
    }

    private static <T> T data(String envelope, Class<T> type) {
        try {
            JsonNode node = STORED.readTree(envelope);
            return STORED.treeToValue(node.get("data"), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Undeliverable("not delivered: the stored " + type.getSimpleName() + " cannot be read: "
                    + e.getMessage());
        }
    }
}
