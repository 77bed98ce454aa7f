package dev.feedbackloop.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.cycle.CycleEvent;
import dev.feedbackloop.kernel.cycle.JudgeAgreementEvent;
import dev.feedbackloop.kernel.analysis.MonitorEvent;
import dev.feedbackloop.kernel.trigger.TriggerEvent;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.kernel.trigger.FindWebhookDeliveries;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscription;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscriptions;
import dev.feedbackloop.kernel.trigger.WebhookDeliveryView;
import dev.feedbackloop.kernel.trigger.WebhookSubscriptionView;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.serialization.StoredFormat;
import dev.feedbackloop.trigger.command.WebhookSubscribed;
import dev.feedbackloop.trigger.command.WebhookSubscriptionDisabled;
import dev.feedbackloop.trigger.command.WebhookSubscriptionRemoved;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.trigger.query.Docs.instant;

/**
 * Keeps the webhook subscriptions and, for every subscribed event, puts one delivery per matching subscription into
 * the outbox. A delivery's id is the subscription id and the event id, written with $setOnInsert: a replay finds
 * the delivery there and leaves it as it is, so no event is sent twice because the stream was read twice.
 * Subscriptions and events run through one sequence, so an event meets exactly the subscriptions active before it.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
public class WebhookOutbox {

    public static final String PROCESSING_GROUP = "trigger-webhooks";
    public static final String SUBSCRIPTIONS = "webhook_subscriptions";
    public static final String DELIVERIES = "webhook_deliveries";
    private static final String BATCH_VIEW = WebhookOutbox.class.getName() + ".subscriptions";
    private static final ObjectMapper PAYLOAD = StoredFormat.eventMapper();

    private final ReadModelWriter writer;
    private final Clock clock;
    private final Duration timeout;

    public WebhookOutbox(ReadModelWriter writer, Clock clock, PlatformProperties platform) {
        this.writer = writer;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    @Bean
    static ConfigurerModule webhooksInOneSequence() {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(PROCESSING_GROUP, c -> new SequentialPolicy());
    }

    @EventHandler
    void on(WebhookSubscribed event) {
        Document doc = new Document("url", event.url())
                .append("event_types", event.eventTypes())
                .append("secret", event.secret())
                .append("description", event.description())
                .append("state", "active")
                .append("subscribed_at", Date.from(event.subscribedAt()));
        writer.update(SUBSCRIPTIONS, Filters.eq("_id", event.webhookId()), Updates.combine(
                doc.entrySet().stream().map(e -> Updates.set(e.getKey(), e.getValue())).toList()), true);
        seenInBatch().put(event.webhookId(), new Active(event.eventTypes(), true));
    }

    @EventHandler
    void on(WebhookSubscriptionRemoved event) {
        end(event.webhookId(), "removed", event.removedAt(), null);
    }

    @EventHandler
    void on(WebhookSubscriptionDisabled event) {
        end(event.webhookId(), "disabled", event.disabledAt(), event.reason());
    }

    private void end(String webhookId, String state, Instant at, String reason) {
        writer.update(SUBSCRIPTIONS, Filters.eq("_id", webhookId), Updates.combine(Updates.set("state", state),
                Updates.set("ended_at", Date.from(at)), Updates.set("disabled_reason", reason)), false);
        seenInBatch().put(webhookId, new Active(List.of(), false));
    }

    @EventHandler
    void on(MonitorEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        enqueue(event, eventId, at);
    }

    @EventHandler
    void on(FailureClusterEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        enqueue(event, eventId, at);
    }

    @EventHandler
    void on(TriggerEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        enqueue(event, eventId, at);
    }

    @EventHandler
    void on(CycleEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        enqueue(event, eventId, at);
    }

    @EventHandler
    void on(JudgeAgreementEvent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        enqueue(event, eventId, at);
    }

    private void enqueue(Object event, String eventId, Instant at) {
        String type = WebhookEventTypes.of(event);
        List<String> subscribers = subscribersOf(type);
        if (subscribers.isEmpty()) {
            return;
        }
        String body = body(event, type, eventId, at);
        Date now = Date.from(clock.instant());
        for (String webhookId : subscribers) {
            writer.update(DELIVERIES, Filters.eq("_id", webhookId + "/" + eventId), Updates.combine(
                    Updates.setOnInsert("webhook_id", webhookId),
                    Updates.setOnInsert("event_id", eventId),
                    Updates.setOnInsert("event_type", type),
                    Updates.setOnInsert("body", body),
                    Updates.setOnInsert("state", "pending"),
                    Updates.setOnInsert("attempts", 0),
                    Updates.setOnInsert("enqueued_at", now),
                    Updates.setOnInsert("next_attempt_at", now)), true);
        }
    }

    /** The JSON a receiver gets: the event's id, type and time, and its payload in the stored (snake_case) form. */
    public static String body(Object event, String type, String eventId, Instant at) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", eventId);
        out.put("type", type);
        out.put("time", at.toString());
        out.put("data", PAYLOAD.valueToTree(event));
        try {
            return PAYLOAD.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the webhook payload of " + type, e);
        }
    }

    /** Active subscribers of a type: those stored so far, corrected by what this batch has not written yet. */
    private List<String> subscribersOf(String type) {
        Map<String, Active> batch = seenInBatch();
        List<String> stored = Flux.from(writer.collection(SUBSCRIPTIONS)
                        .find(Filters.and(Filters.eq("state", "active"), Filters.eq("event_types", type))))
                .map(d -> d.getString("_id"))
                .collectList().block(timeout);
        List<String> out = new java.util.ArrayList<>(stored == null ? List.of() : stored);
        out.removeIf(id -> batch.containsKey(id) && !batch.get(id).receives(type));
        batch.forEach((id, active) -> {
            if (active.receives(type) && !out.contains(id)) {
                out.add(id);
            }
        });
        return out;
    }

    private Map<String, Active> seenInBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new HashMap<>();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(BATCH_VIEW, k -> new HashMap<String, Active>());
    }

    private record Active(List<String> eventTypes, boolean active) {
        boolean receives(String type) {
            return active && eventTypes.contains(type);
        }
    }

    @QueryHandler
    public CompletableFuture<List<WebhookSubscriptionView>> handle(FindWebhookSubscriptions query) {
        return Flux.from(writer.collection(SUBSCRIPTIONS).find().sort(Sorts.ascending("subscribed_at", "_id")))
                .map(WebhookOutbox::subscription).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<WebhookSubscriptionView> handle(FindWebhookSubscription query) {
        return Mono.from(writer.collection(SUBSCRIPTIONS).find(Filters.eq("_id", query.webhookId())).first())
                .map(WebhookOutbox::subscription).toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<WebhookDeliveryView>> handle(FindWebhookDeliveries query) {
        return Flux.from(writer.collection(DELIVERIES).find(Filters.eq("webhook_id", query.webhookId()))
                        .sort(Sorts.descending("enqueued_at", "_id")).limit(query.limit()))
                .map(WebhookOutbox::delivery).collectList().toFuture();
    }

    static WebhookSubscriptionView subscription(Document d) {
        return new WebhookSubscriptionView(d.getString("_id"), d.getString("url"),
                d.getList("event_types", String.class), d.getString("description"), d.getString("state"),
                instant(d, "subscribed_at"), instant(d, "ended_at"), d.getString("disabled_reason"));
    }

    public static WebhookDeliveryView delivery(Document d) {
        return new WebhookDeliveryView(d.getString("event_id"), d.getString("event_type"), d.getInteger("attempts", 0),
                d.getInteger("last_status"), d.getString("last_error"),
                "pending".equals(d.getString("state")) ? instant(d, "next_attempt_at") : null,
                d.getString("state"), instant(d, "enqueued_at"));
    }

    @ResetHandler
    void reset() {
        writer.drop(SUBSCRIPTIONS);
    }
}
