package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.WebhookDeliveryView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One event's delivery to a webhook: its state, the attempts so far, and when the next one is due. */
@Schema(name = "WebhookDelivery")
public record DeliveryResponse(String eventId, String eventType,
                               String state,
                               int attempts, Integer lastStatus, String lastError, Instant nextAttemptAt,
                               Instant enqueuedAt) {

    static DeliveryResponse of(WebhookDeliveryView d) {
        return new DeliveryResponse(d.eventId(), d.eventType(), d.state(), d.attempts(), d.lastStatus(), d.lastError(),
                d.nextAttemptAt(), d.enqueuedAt());
    }
}
