package dev.feedbackloop.trigger.web;

import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import io.swagger.v3.oas.annotations.media.Schema;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** What was delivered to an alert channel, newest first: HTTP deliveries, or emails for an email channel. */
@Schema(name = "AlertChannelDeliveries")
public record ChannelDeliveriesResponse(String channel, List<Delivery> deliveries) {

    /** One alert's delivery to a channel: over HTTP, or by email for an email channel. */
    @Schema(name = "AlertChannelDelivery", oneOf = {HttpDelivery.class, EmailDelivery.class})
    public sealed interface Delivery permits HttpDelivery, EmailDelivery {
    }

    /** An alert sent over HTTP (Slack, PagerDuty, a generic webhook), with the fields of a webhook delivery. */
    @Schema(name = "AlertChannelHttpDelivery")
    public record HttpDelivery(String alertId, String eventId, String eventType, String state, int attempts,
                               Integer lastStatus, String lastError, Instant nextAttemptAt, Instant enqueuedAt)
            implements Delivery {

        static HttpDelivery of(Document d) {
            DeliveryResponse view = DeliveryResponse.of(WebhookOutbox.delivery(d));
            return new HttpDelivery(d.getString("alert_id"), view.eventId(), view.eventType(), view.state(),
                    view.attempts(), view.lastStatus(), view.lastError(), view.nextAttemptAt(), view.enqueuedAt());
        }
    }

    /** An alert sent by email: the fields of a webhook delivery that apply (no HTTP status), and when it went. */
    @Schema(name = "AlertChannelEmailDelivery")
    public record EmailDelivery(String alertId, String eventId, String eventType, String state, int attempts,
                                String lastError, Instant nextAttemptAt, Instant enqueuedAt, Instant deliveredAt)
            implements Delivery {

        static EmailDelivery of(Document d) {
            return new EmailDelivery(d.getString("alert_id"), d.getString("event_id"), d.getString("event_type"),
                    d.getString("state"), d.getInteger("attempts", 0), d.getString("last_error"),
                    "pending".equals(d.getString("state")) ? instant(d.getDate("next_attempt_at")) : null,
                    instant(d.getDate("enqueued_at")), instant(d.getDate("delivered_at")));
        }

        private static Instant instant(Date date) {
            return date == null ? null : date.toInstant();
        }
    }
}
