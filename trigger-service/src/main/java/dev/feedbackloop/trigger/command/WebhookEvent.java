package dev.feedbackloop.trigger.command;

/**
 * Events of a webhook subscription. They stay inside the trigger service instead of the shared kernel because
 * {@link WebhookSubscribed} and {@link WebhookSecretRotated} carry the signing secret (sealed), which no other
 * context has any use for.
 */
public sealed interface WebhookEvent permits WebhookSubscribed, WebhookSubscriptionRemoved,
        WebhookSubscriptionDisabled, WebhookSecretRotated {
    String webhookId();
}
