package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One webhook subscription, from its subscription until it is removed or disabled. Once it is no longer active it
 * stays so: removing or disabling it again changes nothing, and it never comes back (subscribe anew instead).
 */
@Aggregate
public class WebhookSubscription {

    @AggregateIdentifier
    private String stream;
    private String webhookId;
    private boolean active;

    protected WebhookSubscription() {
    }

    @CommandHandler
    public WebhookSubscription(SubscribeWebhook command) {
        validate(command);
        apply(new WebhookSubscribed(command.webhookId(), command.url(), List.copyOf(command.eventTypes()),
                command.secret(), command.description(), command.subscribedAt()));
    }

    @CommandHandler
    public void handle(RemoveWebhookSubscription command) {
        if (active) {
            apply(new WebhookSubscriptionRemoved(webhookId, command.removedAt()));
        }
    }

    @CommandHandler
    public void handle(DisableWebhookSubscription command) {
        if (command.reason() == null || command.reason().isBlank()) {
            throw invalid("reason is required");
        }
        if (active) {
            apply(new WebhookSubscriptionDisabled(webhookId, command.reason(), command.disabledAt()));
        }
    }

    private static void validate(SubscribeWebhook command) {
        if (command.webhookId() == null || command.webhookId().isBlank()) {
            throw invalid("webhook_id is required");
        }
        if (command.url() == null || !(command.url().startsWith("http://") || command.url().startsWith("https://"))) {
            throw invalid("url must be an absolute http or https URL");
        }
        if (command.eventTypes() == null || command.eventTypes().isEmpty()) {
            throw invalid("event_types must name at least one event type");
        }
        for (String type : command.eventTypes()) {
            if (!WebhookEventTypes.isKnown(type)) {
                throw invalid("event_types: '" + type + "' is not a known event type");
            }
        }
        if (command.secret() == null || command.secret().length() < SubscribeWebhook.MIN_SECRET_LENGTH
                || command.secret().length() > SubscribeWebhook.MAX_SECRET_LENGTH) {
            throw invalid("secret must be " + SubscribeWebhook.MIN_SECRET_LENGTH + " to "
                    + SubscribeWebhook.MAX_SECRET_LENGTH + " characters");
        }
        if (command.subscribedAt() == null) {
            throw invalid("subscribed_at is required");
        }
    }

    private static BusinessRuleViolation invalid(String message) {
        return new BusinessRuleViolation(ErrorCode.VALIDATION_FAILED, message);
    }

    @EventSourcingHandler
    void on(WebhookSubscribed event) {
        this.webhookId = event.webhookId();
        this.stream = Streams.webhook(event.webhookId());
        this.active = true;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionRemoved event) {
        this.active = false;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionDisabled event) {
        this.active = false;
    }
}
