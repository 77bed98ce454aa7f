package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as the API shows it; its secret is never part of it. {@code state} is active, removed or
 * disabled; {@code disabledReason} says why a subscription that kept failing was disabled.
 */
public record WebhookSubscriptionView(String webhookId, String url, List<String> eventTypes, String description,
                                      String state, Instant subscribedAt, Instant endedAt, String disabledReason) {
}
