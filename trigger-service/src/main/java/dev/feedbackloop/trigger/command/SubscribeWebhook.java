package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Subscribe {@code url} to the events of {@code eventTypes}; the web layer has validated the fields. */
public record SubscribeWebhook(String webhookId, String url, List<String> eventTypes, String secret,
                               String description, Instant subscribedAt) {

    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;
    public static final int MAX_DESCRIPTION_LENGTH = 1_000;
    public static final int MAX_URL_LENGTH = 2_000;

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.webhook(webhookId);
    }

    @Override
    public String toString() {
        return "SubscribeWebhook[webhookId=" + webhookId + ", url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
