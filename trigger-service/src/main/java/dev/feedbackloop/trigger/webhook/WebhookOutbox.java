package dev.feedbackloop.trigger.webhook;

import dev.feedbackloop.trigger.channel.EmailSender;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.cycle.CycleEvent;
import dev.feedbackloop.kernel.cycle.JudgeAgreementEvent;
import dev.feedbackloop.kernel.gate.VersionApprovalEvent;
import dev.feedbackloop.kernel.analysis.MonitorEvent;
import dev.feedbackloop.kernel.release.ReleaseEvent;
import dev.feedbackloop.kernel.trigger.TriggerEvent;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.kernel.trigger.FindWebhookDeliveries;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscription;
import dev.feedbackloop.kernel.trigger.FindWebhookSubscriptions;
import dev.feedbackloop.kernel.trigger.WebhookDeliveryView;
import dev.feedbackloop.kernel.trigger.WebhookSubscriptionView;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.trigger.command.WebhookSecretRotated;
import dev.feedbackloop.trigger.command.WebhookSubscribed;
import dev.feedbackloop.trigger.command.WebhookSubscriptionDisabled;
import dev.feedbackloop.trigger.command.WebhookSubscriptionRemoved;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.instant;

/**
 * Keeps the webhook subscriptions and, for every subscribed event, puts one delivery per matching subscription into
 * the outbox. A delivery's id is the subscription id and the event id, written with $setOnInsert: a replay finds
 * the delivery there and leaves it as it is, so no event is sent twice because the stream was read twice.
 * Subscriptions and events run through one sequence, so an event meets exactly the subscriptions active before it.
 */
@Component
@ProcessingGroup(WebhookOutbox.PROCESSING_GROUP)
public class WebhookOutbox {

    /**
     * The senders' due queue, each subscription's and channel's history, and a TTL that deletes delivered entries after
     * {@code platform.webhooks.delivered-retention} on a real MongoDB (the {@link DeliveryPruner} does it everywhere,
     * failed ones too). Email deliveries follow the same rules.
     */
    @Bean
    static ProjectionIndexes webhookOutboxIndexes(WebhookSettings settings) {
        Bson delivered = Filters.eq("state", "delivered");
        return ProjectionIndexes.of("webhook and channel deliveries",
                ReadModelIndex.of(DELIVERIES, "due", Indexes.ascending("state", "next_attempt_at", POSITION)),
                ReadModelIndex.of(DELIVERIES, "webhook_history", Indexes.compoundIndex(Indexes.ascending("webhook_id"),
                        Indexes.descending("enqueued_at", POSITION, "_id"))),
                ReadModelIndex.of(DELIVERIES, "channel_history", Indexes.compoundIndex(
                        Indexes.ascending(DeliveryRoute.FIELD, "channel"), Indexes.descending("enqueued_at", POSITION, "_id"))),
                ReadModelIndex.expiring(DELIVERIES, "delivered_ttl", Indexes.ascending("enqueued_at"),
                        settings.deliveredRetention(), delivered),
                ReadModelIndex.of(EmailSender.DELIVERIES, "due", Indexes.ascending("state", "next_attempt_at", POSITION)),
                ReadModelIndex.of(EmailSender.DELIVERIES, "channel_history", Indexes.compoundIndex(
                        Indexes.ascending("channel"), Indexes.descending("enqueued_at", POSITION, "_id"))),
                ReadModelIndex.expiring(EmailSender.DELIVERIES, "delivered_ttl", Indexes.ascending("enqueued_at"),
                        settings.deliveredRetention(), delivered));
    }

    public static final String PROCESSING_GROUP = "trigger-webhooks";
    public static final String SUBSCRIPTIONS = "webhook_subscriptions";
    public static final String DELIVERIES = "webhook_deliveries";
    /** A delivery's event position: the order among deliveries enqueued in the same millisecond. */
    public static final String POSITION = "event_position";
    /** The subscription's current signing secret, sealed for {@code webhook/<id>}. */
    public static final String SEALED_SECRET = "sealed_secret";
    /** Earlier secrets that still sign until their {@code valid_until}: {@code [{sealed_secret, valid_until}]}. */
    public static final String RETIRING_SECRETS = "retiring_secrets";
    /** Where a read model written before secrets were sealed kept the plain secret; see WebhookReadModelUpgrade. */
    static final String LEGACY_SECRET = "secret";
    private static final String BATCH_VIEW = WebhookOutbox.class.getName() + ".subscriptions";

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
        List<String> types = dotted(event.eventTypes());
        Document doc = new Document("url", event.url())
                .append("event_types", types)
                .append(SEALED_SECRET, event.sealedSecret())
                .append(RETIRING_SECRETS, List.of())
                .append("description", event.description())
                .append("state", "active")
                .append("subscribed_at", Date.from(event.subscribedAt()));
        List<Bson> updates = new ArrayList<>(doc.entrySet().stream().map(e -> Updates.set(e.getKey(), e.getValue())).toList());
        updates.add(Updates.unset(LEGACY_SECRET));
        writer.update(SUBSCRIPTIONS, Filters.eq("_id", event.webhookId()), Updates.combine(updates), true);
        seenInBatch().put(event.webhookId(), new Active(types, true));
    }

    @EventHandler
    void on(WebhookSecretRotated event) {
        List<Document> retiring = event.retiring().stream()
                .map(r -> new Document(SEALED_SECRET, r.sealedSecret()).append("valid_until", Date.from(r.validUntil())))
                .toList();
        writer.update(SUBSCRIPTIONS, Filters.eq("_id", event.webhookId()), Updates.combine(
                Updates.set(SEALED_SECRET, event.sealedSecret()), Updates.set(RETIRING_SECRETS, retiring),
                Updates.set("secret_rotated_at", Date.from(event.rotatedAt()))), false);
    }

    /** Dotted event types; an older subscription's class names are translated. */
    static List<String> dotted(List<String> types) {
        return types.stream().map(t -> WebhookEventTypes.normalize(t).orElse(t)).distinct().toList();
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
    void on(MonitorEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(FailureClusterEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(TriggerEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(CycleEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(JudgeAgreementEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(VersionApprovalEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    @EventHandler
    void on(ReleaseEvent event, @MessageIdentifier String eventId, @Timestamp Instant at, TrackingToken token) {
        enqueue(event, eventId, at, token);
    }

    /**
     * The event's position in the event store, stored with each delivery so that deliveries enqueued in the same
     * millisecond (one processing batch) are listed and sent in the order the events happened; -1 when the event
     * is not read from the store (a test publishing to a subscribing processor).
     */
    public static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    private void enqueue(Object event, String eventId, Instant at, TrackingToken token) {
        String type = WebhookEventTypes.of(event);
        List<String> subscribers = subscribersOf(type);
        if (subscribers.isEmpty()) {
            return;
        }
        String body = EventEnvelope.json(event, eventId, at);
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
                    Updates.setOnInsert(POSITION, position(token)),
                    Updates.setOnInsert("next_attempt_at", now)), true);
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
                        .sort(Sorts.descending("enqueued_at", POSITION, "_id")).limit(query.limit()))
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
