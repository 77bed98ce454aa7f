package dev.feedbackloop.trigger.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The webhook subscriptions. */
@Schema(name = "Webhooks")
public record WebhooksResponse(List<WebhookResponse> webhooks) {
}
