package dev.feedbackloop.trigger.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The subscription just made, before the read model has it. {@code secret} only when the platform generated it:
 * this is the one time it is answered. A secret the client gave is never answered.
 */
@Schema(name = "SubscribedWebhook")
public record SubscribedWebhookResponse(String id, String url, List<String> eventTypes, String description,
                                        @Schema(allowableValues = {"active"}) String state, Instant subscribedAt,
                                        Instant endedAt, String disabledReason,
                                        @JsonInclude(JsonInclude.Include.NON_NULL)
                                        @Schema(description = "the generated secret, only when none was given")
                                        String secret) {

    /** {@code generatedSecret} is null when the client gave the secret. */
    static SubscribedWebhookResponse of(SubscribeWebhook c, String generatedSecret) {
        return new SubscribedWebhookResponse(c.webhookId(), c.url(), c.eventTypes(), c.description(), "active",
                c.subscribedAt(), null, null, generatedSecret);
    }

    @Override
    public String toString() {
        return "SubscribedWebhookResponse[id=" + id + ", url=" + url + "]";
    }
}
