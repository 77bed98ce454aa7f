package dev.feedbackloop.trigger.command;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A pipeline subscribed {@code url} to events of {@code eventTypes}; deliveries are signed with {@code secret}. */
@Revision("1")
public record WebhookSubscribed(String webhookId, String url, List<String> eventTypes, String secret,
                                String description, Instant subscribedAt) implements WebhookEvent {

    @Override
    public String toString() {
        return "WebhookSubscribed[webhookId=" + webhookId + ", url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
