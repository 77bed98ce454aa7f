package dev.feedbackloop.trigger.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.trigger.command.DisableWebhookSubscription;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import dev.feedbackloop.trigger.meters.TriggerMeters;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outbox's due deliveries, at most {@code concurrency} at a time. Each delivery is first leased (its next
 * attempt moved past the request's timeouts, guarded by the value read), so another instance, or the next poll,
 * leaves it alone while it is in flight, and a crash mid-send only delays it until the lease runs out. Delivery is
 * at least once: a receiver that answered 2xx but whose answer was lost gets the event again, with the same id.
 */
@Component
@EnableConfigurationProperties(WebhookSettings.class)
public class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    public static final String EVENT_ID_HEADER = "X-Feedbackloop-Event-Id";
    public static final String TIMESTAMP_HEADER = "X-Feedbackloop-Timestamp";

    private final ReadModelWriter readModels;
    private final CommandGateway commands;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final Backoff backoff;
    private final Duration lease;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ObjectProvider<DeliveryRoute> routeBeans;
    private volatile Map<String, DeliveryRoute> routes;

    private final SecretBox secrets;
    private final TriggerMeters meters;
    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final WebhookReadModelUpgrade upgrade;
    private volatile DeliveryClient client;
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;

    public WebhookSender(ReadModelWriter readModels, CommandGateway commands, WebhookSettings settings, Clock clock,
                         PlatformProperties platform, ObjectProvider<DeliveryRoute> routes, SecretBox secrets,
                         ObjectProvider<HostResolver> resolver, WebhookReadModelUpgrade upgrade, TriggerMeters meters) {
        this.readModels = readModels;
        this.meters = meters;
        this.secrets = secrets;
        this.policy = new AddressPolicy(settings.allowLoopback());
        this.resolver = resolver.getIfAvailable(HostResolver::system);
        this.upgrade = upgrade;
        this.routeBeans = routes;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
        this.backoff = new Backoff(settings.baseDelay(), settings.maxDelay(),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        this.lease = settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(30);
    }

    @Override
    public synchronized void start() {
        if (settings.allowLoopback()) {
            log.warn("platform.webhooks.allow-loopback is on: webhook URLs may point at loopback and private addresses"
                    + " (never at metadata services or link-local ones). Meant for tests and single-host setups only.");
        }
        try {
            upgrade.run();
        } catch (RuntimeException e) {
            // the read model may not answer yet; a subscription still in the old form is upgraded when it is sent to
            log.warn("Sealing the webhook secrets of an earlier version's read model failed; retried on use: {}", e.toString());
        }
        client = new DeliveryClient(settings, policy, resolver, clock);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, "webhook-sender-" + n.incrementAndGet()));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-poll"));
        long interval = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                dispatchDue();
            } catch (RuntimeException e) {
                log.warn("Looking for due webhook deliveries failed; the next poll retries: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            workers.shutdownNow();
            scheduler = null;
            DeliveryClient closing = client;
            client = null;
            closing.close();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Hands the due deliveries to free workers; answers how many it handed over. */
    int dispatchDue() {
        int free = settings.concurrency() - inFlight.size();
        if (free <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Document> due = Flux.from(readModels.collection(WebhookOutbox.DELIVERIES)
                        .find(Filters.and(Filters.eq("state", "pending"), Filters.lte("next_attempt_at", Date.from(now))))
                        .sort(Sorts.ascending("next_attempt_at", WebhookOutbox.POSITION)).limit(free + inFlight.size()))
                .collectList().block(timeout);
        int handed = 0;
        for (Document delivery : due == null ? List.<Document>of() : due) {
            String id = delivery.getString("_id");
            if (handed >= free || !inFlight.add(id)) {
                continue;
            }
            if (!lease(delivery, now)) {
                inFlight.remove(id);
                continue;
            }
            handed++;
            workers.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    log.warn("Webhook delivery {} could not be recorded; it is tried again when its lease ends", id, e);
                } finally {
                    inFlight.remove(id);
                }
            });
        }
        return handed;
    }

    private boolean lease(Document delivery, Instant now) {
        var result = Mono.from(readModels.collection(WebhookOutbox.DELIVERIES).updateOne(
                Filters.and(Filters.eq("_id", delivery.get("_id")), Filters.eq("state", "pending"),
                        Filters.eq("next_attempt_at", delivery.getDate("next_attempt_at"))),
                Updates.set("next_attempt_at", Date.from(now.plus(lease))))).block(timeout);
        return result != null && result.getModifiedCount() == 1;
    }

    void attempt(Document delivery) {
        String route = delivery.getString(DeliveryRoute.FIELD);
        if (route != null) {
            attemptRouted(route, delivery);
            return;
        }
        Document subscription = Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS)
                .find(Filters.eq("_id", delivery.getString("webhook_id"))).first()).block(timeout);
        if (subscription == null) {
            // The subscription's read model is being rebuilt; try again later without counting an attempt.
            updateDelivery(delivery, Updates.set("next_attempt_at", Date.from(clock.instant().plus(settings.baseDelay()))));
            return;
        }
        if (!"active".equals(subscription.getString("state"))) {
            updateDelivery(delivery, Updates.combine(Updates.set("state", "failed"), Updates.unset("next_attempt_at"),
                    Updates.set("last_error", "the subscription was " + subscription.getString("state"))));
            return;
        }
        Outcome outcome = send(subscription, delivery);
        if (outcome == null) {
            return;
        }
        Instant now = clock.instant();
        Boolean failed = record(delivery, outcome, now);
        if (failed == null) {
            updateSubscription(subscription, Updates.combine(Updates.set("consecutive_failures", 0),
                    Updates.unset("failing_since")));
            return;
        }
        if (outcome.gone()) {
            disable(subscription.getString("_id"), "the receiver answered 410 Gone", now);
            return;
        }
        recordFailure(subscription, now, failed);
    }

    /** A delivery with its own route: sent like a webhook delivery, but no subscription keeps count of it. */
    private void attemptRouted(String name, Document delivery) {
        DeliveryRoute route = routes().get(name);
        DeliveryRoute.Request request;
        try {
            if (route == null) {
                throw new DeliveryRoute.Undeliverable("no route '" + name + "' in this service");
            }
            request = route.request(delivery);
        } catch (DeliveryRoute.NotYet e) {
            updateDelivery(delivery, Updates.combine(Updates.set("last_error", Outcome.error(e.getMessage()).error()),
                    Updates.set("next_attempt_at", Date.from(clock.instant().plus(settings.baseDelay())))));
            return;
        } catch (DeliveryRoute.Undeliverable e) {
            updateDelivery(delivery, Updates.combine(Updates.set("state", "failed"), Updates.unset("next_attempt_at"),
                    Updates.set("last_error", Outcome.error(e.getMessage()).error())));
            meters.delivery(TriggerMeters.Kind.CHANNEL, TriggerMeters.Outcome.FAILED);
            return;
        }
        Outcome outcome = post(request.url(), request.headers(), request.body(), delivery.getString("event_id"), false);
        if (outcome == null) {
            return;
        }
        record(delivery, outcome, clock.instant());
        if (outcome.permanent()) {
            log.warn("Alert channel '{}' refused a delivery with {}; it is not retried. Check the channel's "
                    + "configuration.", delivery.getString("channel"), outcome.status());
        }
    }

    private Map<String, DeliveryRoute> routes() {
        Map<String, DeliveryRoute> known = routes;
        if (known == null) {
            Map<String, DeliveryRoute> found = new LinkedHashMap<>();
            routeBeans.orderedStream().forEach(r -> found.put(r.name(), r));
            routes = known = Map.copyOf(found);
        }
        return known;
    }

    /**
     * Records an attempt's outcome on the delivery: delivered; or pending again after the back-off (at least what
     * the receiver's Retry-After asked, capped at max-retry-after); or failed, once it is older than the max age or at
     * once when the receiver refused the request itself (a 4xx but 408, 425 and 429). Answers null when delivered,
     * else whether the delivery has now failed for good.
     */
    private Boolean record(Document delivery, Outcome outcome, Instant now) {
        int attempts = delivery.getInteger("attempts", 0) + 1;
        TriggerMeters.Kind kind = delivery.getString(DeliveryRoute.FIELD) != null ? TriggerMeters.Kind.CHANNEL
                : TriggerMeters.Kind.WEBHOOK;
        if (outcome.delivered()) {
            meters.delivery(kind, TriggerMeters.Outcome.DELIVERED);
            updateDelivery(delivery, Updates.combine(Updates.set("state", "delivered"), Updates.set("attempts", attempts),
                    Updates.set("last_status", outcome.status()), Updates.unset("last_error"),
                    Updates.unset("next_attempt_at"), Updates.set("delivered_at", Date.from(now))));
            return null;
        }
        Instant enqueuedAt = delivery.getDate("enqueued_at").toInstant();
        boolean failed = outcome.permanent() || !now.isBefore(enqueuedAt.plus(settings.maxAge()));
        Duration wait = backoff.delay(attempts);
        if (outcome.retryAfter() != null) {
            Duration asked = outcome.retryAfter().compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter()
                    : outcome.retryAfter();
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        updateDelivery(delivery, Updates.combine(
                Updates.set("attempts", attempts),
                Updates.set("last_status", outcome.status()),
                Updates.set("last_error", outcome.error()),
                failed ? Updates.set("state", "failed") : Updates.set("state", "pending"),
                failed ? Updates.set("failed_at", Date.from(now)) : Updates.unset("failed_at"),
                failed ? Updates.unset("next_attempt_at") : Updates.set("next_attempt_at", Date.from(now.plus(wait)))));
        meters.delivery(kind, failed ? TriggerMeters.Outcome.FAILED : TriggerMeters.Outcome.RETRYING);
        log.debug("Delivery {} attempt {} failed: {}", delivery.get("_id"), attempts, outcome.error());
        return failed;
    }

    private void recordFailure(Document subscription, Instant now, boolean deliveryFailed) {
        String webhookId = subscription.getString("_id");
        Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS).updateOne(
                Filters.and(Filters.eq("_id", webhookId), Filters.exists("failing_since", false)),
                Updates.set("failing_since", Date.from(now)))).block(timeout);
        if (deliveryFailed) {
            updateSubscription(subscription, Updates.inc("consecutive_failures", 1));
        }
        Document current = Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS)
                .find(Filters.eq("_id", webhookId)).first()).block(timeout);
        if (current == null || !"active".equals(current.getString("state"))) {
            return;
        }
        String reason = null;
        int failures = current.getInteger("consecutive_failures", 0);
        Date failingSince = current.getDate("failing_since");
        if (failures >= settings.disableAfterFailures()) {
            reason = failures + " deliveries in a row failed";
        } else if (failingSince != null
                && !now.isBefore(failingSince.toInstant().plus(settings.disableAfterFailingFor()))) {
            reason = "every delivery attempt failed since " + failingSince.toInstant();
        }
        if (reason != null) {
            disable(webhookId, reason, now);
        }
    }

    private void disable(String webhookId, String reason, Instant now) {
        log.warn("Disabling webhook subscription {}: {}", webhookId, reason);
        commands.sendAndWait(new DisableWebhookSubscription(webhookId, reason, now), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void updateDelivery(Document delivery, Bson update) {
        Mono.from(readModels.collection(WebhookOutbox.DELIVERIES)
                .updateOne(Filters.eq("_id", delivery.get("_id")), update)).block(timeout);
    }

    private void updateSubscription(Document subscription, Bson update) {
        Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS)
                .updateOne(Filters.eq("_id", subscription.get("_id")), update)).block(timeout);
    }

    /** The receiver's answer, or null when the sender was stopped before it came. */
    private Outcome send(Document subscription, Document delivery) {
        byte[] body = delivery.getString("body").getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        String eventId = delivery.getString("event_id");
        URI url;
        List<String> secrets;
        try {
            url = URI.create(subscription.getString("url"));
            secrets = signingSecrets(subscription, now);
        } catch (IllegalArgumentException e) {
            return Outcome.error("invalid request: " + e.getMessage());
        } catch (SecretBox.UnreadableSecretException e) {
            return Outcome.error("not signed: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.standard(secrets, eventId, timestamp, body));
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(WebhookSignature.HEADER, WebhookSignature.sign(secrets.get(0), timestamp, body));
        return post(url, headers, body, eventId, true);
    }

    /** The current secret first, then the retiring ones still within their overlap; opened from their sealed form. */
    List<String> signingSecrets(Document subscription, Instant now) {
        String context = SubscribeWebhook.secretContext(subscription.getString("_id"));
        List<String> out = new ArrayList<>();
        String legacy = subscription.getString(WebhookOutbox.LEGACY_SECRET);
        if (subscription.getString(WebhookOutbox.SEALED_SECRET) == null && legacy != null) {
            upgrade.run();
            return List.of(legacy);
        }
        out.add(secrets.open(subscription.getString(WebhookOutbox.SEALED_SECRET), context));
        for (Document retiring : subscription.getList(WebhookOutbox.RETIRING_SECRETS, Document.class, List.of())) {
            Date until = retiring.getDate("valid_until");
            if (until != null && until.toInstant().isAfter(now)) {
                out.add(secrets.open(retiring.getString(WebhookOutbox.SEALED_SECRET), context));
            }
        }
        return out;
    }

    /** POSTs with the event's id headers; the receiver's answer, or null when stopped before it came. */
    private Outcome post(URI url, Map<String, String> headers, byte[] body, String eventId, boolean vet) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(WebhookSignature.ID_HEADER, eventId);
        all.put(EVENT_ID_HEADER, eventId);
        all.putAll(headers);
        DeliveryClient current = client;
        if (current == null) {
            return null;
        }
        return current.post(url, all, body, vet);
    }
}
