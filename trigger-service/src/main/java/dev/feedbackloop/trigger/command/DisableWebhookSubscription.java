package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Stop a subscription whose deliveries keep failing; a subscription no longer active stays as it is. */
public record DisableWebhookSubscription(String webhookId, String reason, Instant disabledAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.webhook(webhookId);
    }
}
