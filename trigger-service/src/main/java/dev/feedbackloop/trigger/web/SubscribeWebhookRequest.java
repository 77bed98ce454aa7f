package dev.feedbackloop.trigger.web;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A webhook subscription: where to deliver, which event types, and the signing secret ({@code whsec_...}), which
 * the platform generates when it is left out. The rules of each field are in {@link WebhookRules}.
 */
@ApiRequest
public record SubscribeWebhookRequest(
        @NotNull @Size(max = SubscribeWebhook.MAX_URL_LENGTH) @WebhookRules.HttpUrl @WebhookRules.NoCredentials
        @WebhookRules.PublicHost String url,
        @NotNull @WebhookRules.SomeEventType List<@WebhookRules.KnownEventType String> eventTypes,
        @WebhookRules.StandardSecret String secret,
        @Size(max = SubscribeWebhook.MAX_DESCRIPTION_LENGTH) String description) {

    /** The event types asked for, dotted and each once. */
    List<String> eventTypeNames() {
        return WebhookRules.normalized(eventTypes);
    }

    @Override
    public String toString() {
        return "SubscribeWebhookRequest[url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
