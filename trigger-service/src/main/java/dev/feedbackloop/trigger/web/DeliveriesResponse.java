package dev.feedbackloop.trigger.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The latest deliveries to a webhook, newest first. */
@Schema(name = "WebhookDeliveries")
public record DeliveriesResponse(String webhookId, List<DeliveryResponse> deliveries) {
}
