package dev.feedbackloop.trigger.command;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The platform stopped a subscription whose deliveries kept failing; {@code reason} says which limit it hit. */
@Revision("1")
public record WebhookSubscriptionDisabled(String webhookId, String reason, Instant disabledAt) implements WebhookEvent {
}
