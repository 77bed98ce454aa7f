package dev.feedbackloop.trigger.command;

/**
 * Events of a webhook subscription. They stay inside the trigger service instead of the shared kernel because
 * {@link WebhookSubscribed} carries the signing secret, which no other context may read.
 */
public sealed interface WebhookEvent permits WebhookSubscribed, WebhookSubscriptionRemoved,
        WebhookSubscriptionDisabled {
    String webhookId();
}
