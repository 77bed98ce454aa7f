package dev.feedbackloop.trigger.command;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline subscribed {@code url} to events of the dotted {@code eventTypes}; deliveries are signed with the
 * secret sealed in {@code sealedSecret} (see {@code SecretBox}; it opens for {@link SubscribeWebhook#secretContext}).
 * Revision 1 held the plain {@code secret} and class names as types; {@code WebhookSubscribedUpcaster} reads it.
 */
@Revision("2")
public record WebhookSubscribed(String webhookId, String url, List<String> eventTypes, String sealedSecret,
                                String description, Instant subscribedAt) implements WebhookEvent {
}
