package dev.feedbackloop.trigger.command;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The subscriber removed the subscription; nothing more is sent to it. */
@Revision("1")
public record WebhookSubscriptionRemoved(String webhookId, Instant removedAt) implements WebhookEvent {
}
