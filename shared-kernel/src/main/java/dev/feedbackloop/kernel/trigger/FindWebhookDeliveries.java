package dev.feedbackloop.kernel.trigger;

/** The delivery log of one webhook subscription, newest first, at most {@code limit} entries. */
public record FindWebhookDeliveries(String webhookId, int limit) {
}
