package dev.feedbackloop.trigger.command;

import dev.feedbackloop.kernel.common.BusinessRuleViolation;
import dev.feedbackloop.kernel.common.ErrorCode;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.aggregate.WrongState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
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
    private String sealedSecret;
    private List<WebhookSecretRotated.Retiring> retiring = new ArrayList<>();

    protected WebhookSubscription() {
    }

    @CommandHandler
    public WebhookSubscription(SubscribeWebhook command) {
        validate(command);
        List<String> types = command.eventTypes().stream()
                .map(t -> WebhookEventTypes.normalize(t).orElseThrow()).distinct().toList();
        apply(new WebhookSubscribed(command.webhookId(), command.url(), types, command.sealedSecret(),
                command.description(), command.subscribedAt()));
    }

    @CommandHandler
    public void handle(RemoveWebhookSubscription command) {
        if (active) {
            apply(new WebhookSubscriptionRemoved(webhookId, command.removedAt()));
        }
    }

    @CommandHandler
    public void handle(RotateWebhookSecret command) {
        if (!SecretBox.isSealed(command.sealedSecret())) {
            throw invalid("sealed_secret must be a sealed secret");
        }
        if (command.rotatedAt() == null || command.previousValidUntil() == null
                || command.previousValidUntil().isBefore(command.rotatedAt())) {
            throw invalid("previous_valid_until must not be before rotated_at");
        }
        if (!active) {
            throw new WrongState("Webhook subscription '" + webhookId + "' is no longer active; subscribe anew");
        }
        List<WebhookSecretRotated.Retiring> retiring = new ArrayList<>();
        this.retiring.stream().filter(r -> r.validUntil().isAfter(command.rotatedAt())).forEach(retiring::add);
        retiring.add(new WebhookSecretRotated.Retiring(sealedSecret, command.previousValidUntil()));
        apply(new WebhookSecretRotated(webhookId, command.sealedSecret(), retiring, command.rotatedAt()));
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
        if (!SecretBox.isSealed(command.sealedSecret())) {
            throw invalid("sealed_secret must be a sealed secret; the plain secret never reaches the event store");
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
        this.sealedSecret = event.sealedSecret();
    }

    @EventSourcingHandler
    void on(WebhookSecretRotated event) {
        this.sealedSecret = event.sealedSecret();
        this.retiring = new ArrayList<>(event.retiring());
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
