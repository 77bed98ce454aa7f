package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.Streams;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Stop sending to a subscription; removing it again changes nothing. */
public record RemoveWebhookSubscription(String webhookId, Instant removedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.webhook(webhookId);
    }
}
