package dev.feedbackloop.kernel.trigger;

/** Every webhook subscription, removed and disabled ones too. */
public record FindWebhookSubscriptions() {
}
