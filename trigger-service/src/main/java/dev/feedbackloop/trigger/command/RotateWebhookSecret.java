package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Sign from now on with a new secret (sealed like {@link SubscribeWebhook#sealedSecret()}); the secrets in use
 * before keep signing too until {@code previousValidUntil}, so the receiver can switch without losing a delivery.
 */
public record RotateWebhookSecret(String webhookId, String sealedSecret, Instant rotatedAt, Instant previousValidUntil) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.webhook(webhookId);
    }
}
