package dev.feedbackloop.trigger.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.trigger.command.DisableWebhookSubscription;
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

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    static final int MAX_ERROR_LENGTH = 500;

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

    private HttpClient http;
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;

    public WebhookSender(ReadModelWriter readModels, CommandGateway commands, WebhookSettings settings, Clock clock,
                         PlatformProperties platform, ObjectProvider<DeliveryRoute> routes) {
        this.readModels = readModels;
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
        http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
                        .sort(Sorts.ascending("next_attempt_at")).limit(free + inFlight.size()))
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
        Boolean expired = record(delivery, outcome, now);
        if (expired == null) {
            updateSubscription(subscription, Updates.combine(Updates.set("consecutive_failures", 0),
                    Updates.unset("failing_since")));
            return;
        }
        recordFailure(subscription, now, expired);
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
            return;
        }
        Outcome outcome = post(request, delivery.getString("event_id"));
        if (outcome != null) {
            record(delivery, outcome, clock.instant());
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
     * Records an attempt's outcome on the delivery: delivered, or pending again after the back-off, or failed once
     * it is older than the max age. Answers null when delivered, else whether the delivery has now failed for good.
     */
    private Boolean record(Document delivery, Outcome outcome, Instant now) {
        int attempts = delivery.getInteger("attempts", 0) + 1;
        if (outcome.delivered()) {
            updateDelivery(delivery, Updates.combine(Updates.set("state", "delivered"), Updates.set("attempts", attempts),
                    Updates.set("last_status", outcome.status()), Updates.unset("last_error"),
                    Updates.unset("next_attempt_at"), Updates.set("delivered_at", Date.from(now))));
            return null;
        }
        Instant enqueuedAt = delivery.getDate("enqueued_at").toInstant();
        boolean expired = !now.isBefore(enqueuedAt.plus(settings.maxAge()));
        updateDelivery(delivery, Updates.combine(
                Updates.set("attempts", attempts),
                Updates.set("last_status", outcome.status()),
                Updates.set("last_error", outcome.error()),
                expired ? Updates.set("state", "failed") : Updates.set("state", "pending"),
                expired ? Updates.unset("next_attempt_at")
                        : Updates.set("next_attempt_at", Date.from(now.plus(backoff.delay(attempts))))));
        log.debug("Delivery {} attempt {} failed: {}", delivery.get("_id"), attempts, outcome);
        return expired;
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
            log.warn("Disabling webhook subscription {}: {}", webhookId, reason);
            commands.sendAndWait(new DisableWebhookSubscription(webhookId, reason, now),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
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
        long timestamp = clock.instant().getEpochSecond();
        URI url;
        try {
            url = URI.create(subscription.getString("url"));
        } catch (IllegalArgumentException e) {
            return Outcome.error("invalid request: " + e.getMessage());
        }
        return post(new DeliveryRoute.Request(url, Map.of(
                TIMESTAMP_HEADER, Long.toString(timestamp),
                WebhookSignature.HEADER, WebhookSignature.sign(subscription.getString("secret"), timestamp, body)),
                body), delivery.getString("event_id"));
    }

    /** POSTs the request with the sender's timeouts; the receiver's answer, or null when stopped before it came. */
    private Outcome post(DeliveryRoute.Request delivery, String eventId) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(delivery.url())
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "feedbackloop-webhooks/1")
                    .header(EVENT_ID_HEADER, eventId);
            delivery.headers().forEach(builder::header);
            request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build();
        } catch (IllegalArgumentException e) {
            return Outcome.error("invalid request: " + e.getMessage());
        }
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Outcome(status, null)
                    : new Outcome(status, "the receiver answered " + status);
        } catch (HttpConnectTimeoutException e) {
            return Outcome.error("connect timed out after " + settings.connectTimeout());
        } catch (HttpTimeoutException e) {
            return Outcome.error("no answer within " + settings.requestTimeout());
        } catch (ConnectException e) {
            return Outcome.error("connection failed: " + (e.getMessage() == null ? "refused" : e.getMessage()));
        } catch (IOException e) {
            return Outcome.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            // Stopped mid-request: not the receiver's failure. The lease runs out and the delivery is sent again.
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private record Outcome(Integer status, String error) {
        static Outcome error(String error) {
            return new Outcome(null, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
        }

        boolean delivered() {
            return error == null;
        }
    }
}
