package dev.feedbackloop.kernel.trigger;

/** One webhook subscription; answered with null when there is none. */
public record FindWebhookSubscription(String webhookId) {
}
