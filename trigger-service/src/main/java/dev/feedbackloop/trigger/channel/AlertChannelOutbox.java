package dev.feedbackloop.trigger.channel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.trigger.webhook.DeliveryRoute;
import dev.feedbackloop.trigger.webhook.EventEnvelope;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import dev.feedbackloop.trigger.webhook.WebhookSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Puts each raised and resolved alert into the webhook outbox for its channel, for {@link ChannelRoute} to render
 * and the webhook sender to send, or, for an email channel, into {@value EmailSender#DELIVERIES} for the
 * {@link EmailSender}. The delivery id is {@code channel:<name>/<event id>} (or {@code email:...}), written with
 * $setOnInsert, so an event read twice is delivered once. The document holds the event, never the channel's URL,
 * keys or recipients. An alert on a channel without a URL is recorded as {@code not_delivered}; an alert
 * already older than {@code platform.webhooks.max-age} when it is read (the history read by a new service) is
 * recorded as {@code failed}, so a first start does not page anyone for last month's alerts.
 */
@Component
@ProcessingGroup(AlertChannelOutbox.PROCESSING_GROUP)
public class AlertChannelOutbox {

    public static final String PROCESSING_GROUP = "trigger-alert-channels";
    public static final String ROUTE = "channel";
    static final String NO_URL = "not delivered: channel has no url";

    private final ReadModelWriter writer;
    private final AlertChannels channels;
    private final Clock clock;
    private final WebhookSettings settings;

    public AlertChannelOutbox(ReadModelWriter writer, AlertChannels channels, Clock clock, WebhookSettings settings) {
        this.writer = writer;
        this.channels = channels;
        this.clock = clock;
        this.settings = settings;
    }

    @EventHandler
    void on(AlertRaised event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event.channel(), event.alertId(), event, eventId, at, WebhookOutbox.position(token));
    }

    @EventHandler
    void on(AlertResolved event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event.channel(), event.alertId(), event, eventId, at, WebhookOutbox.position(token));
    }

    static String deliveryId(String channel, String eventId) {
        return ROUTE + ":" + channel + "/" + eventId;
    }

    private void enqueue(String channelName, String alertId, Object event, String eventId, Instant at, long position) {
        if (channelName == null) {
            return;
        }
        if (channels.find(channelName).map(c -> c.type() == AlertChannel.Type.EMAIL).orElse(false)) {
            enqueueEmail(channels.find(channelName).get(), alertId, event, WebhookEventTypes.of(event), eventId, at, position);
            return;
        }
        Instant now = clock.instant();
        Date enqueued = Date.from(now);
        List<Bson> fields = new ArrayList<>(List.of(
                Updates.setOnInsert(DeliveryRoute.FIELD, ROUTE),
                Updates.setOnInsert("channel", channelName),
                Updates.setOnInsert("alert_id", alertId),
                Updates.setOnInsert("event_id", eventId),
                Updates.setOnInsert("event_type", WebhookEventTypes.of(event)),
                Updates.setOnInsert("body", EventEnvelope.json(event, eventId, at)),
                Updates.setOnInsert("attempts", 0),
                Updates.setOnInsert("enqueued_at", enqueued),
                Updates.setOnInsert(WebhookOutbox.POSITION, position)));
        var channel = channels.find(channelName);
        if (channel.isEmpty()) {
            fields.add(Updates.setOnInsert("state", "failed"));
            fields.add(Updates.setOnInsert("last_error", "not delivered: channel '" + channelName + "' is not configured"));
        } else if (channel.get().url().isEmpty()) {
            fields.add(Updates.setOnInsert("state", "not_delivered"));
            fields.add(Updates.setOnInsert("last_error", NO_URL));
        } else if (at.plus(settings.maxAge()).isBefore(now)) {
            fields.add(Updates.setOnInsert("state", "failed"));
            fields.add(Updates.setOnInsert("last_error",
                    "not delivered: older than platform.webhooks.max-age (" + settings.maxAge() + ") when it was read"));
        } else {
            fields.add(Updates.setOnInsert("state", "pending"));
            fields.add(Updates.setOnInsert("next_attempt_at", enqueued));
        }
        writer.update(WebhookOutbox.DELIVERIES, Filters.eq("_id", deliveryId(channelName, eventId)),
                Updates.combine(fields), true);
    }

    /** An email delivery: the event as stored (rendered when sent), and a state by the same rules as above. */
    private void enqueueEmail(AlertChannel channel, String alertId, Object event, String type, String eventId,
                              Instant at, long position) {
        Instant now = clock.instant();
        Date enqueued = Date.from(now);
        List<Bson> fields = new ArrayList<>(List.of(
                Updates.setOnInsert("channel", channel.name()),
                Updates.setOnInsert("alert_id", alertId),
                Updates.setOnInsert("event_id", eventId),
                Updates.setOnInsert("event_type", type),
                Updates.setOnInsert("data", EmailSender.stored(event)),
                Updates.setOnInsert("attempts", 0),
                Updates.setOnInsert("enqueued_at", enqueued),
                Updates.setOnInsert(WebhookOutbox.POSITION, position)));
        if (!channel.sends()) {
            fields.add(Updates.setOnInsert("state", "not_delivered"));
            fields.add(Updates.setOnInsert("last_error", EmailSender.NO_RECIPIENTS));
        } else if (at.plus(settings.maxAge()).isBefore(now)) {
            fields.add(Updates.setOnInsert("state", "failed"));
            fields.add(Updates.setOnInsert("last_error",
                    "not delivered: older than platform.webhooks.max-age (" + settings.maxAge() + ") when it was read"));
        } else {
            fields.add(Updates.setOnInsert("state", "pending"));
            fields.add(Updates.setOnInsert("next_attempt_at", enqueued));
        }
        writer.update(EmailSender.DELIVERIES, Filters.eq("_id", EmailSender.deliveryId(channel.name(), eventId)),
                Updates.combine(fields), true);
    }
}
