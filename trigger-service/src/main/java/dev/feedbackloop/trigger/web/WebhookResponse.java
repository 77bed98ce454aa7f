package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.WebhookSubscriptionView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A webhook subscription as the API shows it: never its secret. */
@Schema(name = "Webhook")
public record WebhookResponse(String id, String url, List<String> eventTypes, String description,
                              @Schema(allowableValues = {"active", "disabled", "removed"}) String state,
                              Instant subscribedAt, Instant endedAt, String disabledReason) {

    static WebhookResponse of(WebhookSubscriptionView v) {
        return new WebhookResponse(v.webhookId(), v.url(), v.eventTypes(), v.description(), v.state(),
                v.subscribedAt(), v.endedAt(), v.disabledReason());
    }
}
