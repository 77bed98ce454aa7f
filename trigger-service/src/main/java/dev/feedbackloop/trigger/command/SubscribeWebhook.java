package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Subscribe {@code url} to the events of {@code eventTypes} (dotted types); the web layer has validated the fields
 * and sealed the signing secret for {@link #secretContext(String)}, so the plain secret never travels in a command.
 */
public record SubscribeWebhook(String webhookId, String url, List<String> eventTypes, String sealedSecret,
                               String description, Instant subscribedAt) {

    public static final int MAX_DESCRIPTION_LENGTH = 1_000;
    public static final int MAX_URL_LENGTH = 2_000;

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.webhook(webhookId);
    }

    /** What a subscription's sealed secrets are bound to: a sealed secret opens for its own subscription only. */
    public static String secretContext(String webhookId) {
        return "webhook/" + webhookId;
    }
}
