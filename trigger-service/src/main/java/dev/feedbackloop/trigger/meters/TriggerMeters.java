package dev.feedbackloop.trigger.meters;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.trigger.Severity;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.trigger.incident.IncidentProjection;
import dev.feedbackloop.trigger.webhook.DeliveryRoute;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The trigger service's meters, defined once: {@code feedbackloop_deliveries_total{kind, outcome}} counts each
 * delivery attempt to a webhook subscription or an alert channel as it ends ({@code delivered}, {@code retrying}, or
 * {@code failed} for good); {@code feedbackloop_deliveries_pending{kind}} and
 * {@code feedbackloop_incidents_open{severity}} are read from the read models, at most once every few seconds.
 */
@Component
public class TriggerMeters {

    public static final String DELIVERIES = "feedbackloop.deliveries";
    public static final String DELIVERIES_PENDING = "feedbackloop.deliveries.pending";
    public static final String INCIDENTS_OPEN = "feedbackloop.incidents.open";

    /** Where a delivery goes. */
    public enum Kind {
        WEBHOOK, CHANNEL;

        public String tag() {
            return name().toLowerCase();
        }
    }

    /** How a delivery attempt ended. */
    public enum Outcome {
        DELIVERED, RETRYING, FAILED;

        public String tag() {
            return name().toLowerCase();
        }
    }

    static final Duration COUNT_MAX_AGE = Duration.ofSeconds(5);
    static final Duration COUNT_TIMEOUT = Duration.ofSeconds(3);

    private record Counted(Instant at, double value) {
    }

    private final MeterRegistry registry;
    private final ReadModelWriter readModels;
    private final Clock clock;
    private final Map<String, Counted> counts = new ConcurrentHashMap<>();

    public TriggerMeters(ObjectProvider<MeterRegistry> registries, ReadModelWriter readModels, Clock clock) {
        this.registry = registries.getIfAvailable();
        this.readModels = readModels;
        this.clock = clock;
        if (registry == null) {
            return;
        }
        for (Kind kind : Kind.values()) {
            for (Outcome outcome : Outcome.values()) {
                counter(kind, outcome);
            }
            Bson routed = kind == Kind.CHANNEL ? Filters.exists(DeliveryRoute.FIELD, true)
                    : Filters.exists(DeliveryRoute.FIELD, false);
            Bson pending = Filters.and(Filters.eq("state", "pending"), routed);
            Gauge.builder(DELIVERIES_PENDING, () -> cached("pending:" + kind,
                            () -> count(WebhookOutbox.DELIVERIES, pending)))
                    .tag("kind", kind.tag()).description("Deliveries waiting to be sent or retried")
                    .register(registry);
        }
        for (Severity severity : Severity.values()) {
            Bson open = Filters.and(Filters.eq("state", "open"), Filters.eq("severity", severity.wireName()));
            Gauge.builder(INCIDENTS_OPEN, () -> cached("incidents:" + severity,
                            () -> count(IncidentProjection.COLLECTION, open)))
                    .tag("severity", severity.wireName()).description("Incidents open now")
                    .register(registry);
        }
    }

    /** One delivery attempt ended this way. */
    public void delivery(Kind kind, Outcome outcome) {
        if (registry != null) {
            counter(kind, outcome).increment();
        }
    }

    private Counter counter(Kind kind, Outcome outcome) {
        return Counter.builder(DELIVERIES).tag("kind", kind.tag()).tag("outcome", outcome.tag())
                .description("Delivery attempts to webhooks and alert channels, by how they ended").register(registry);
    }

    private double cached(String key, Supplier<Double> read) {
        Instant now = clock.instant();
        Counted last = counts.get(key);
        if (last == null || now.isAfter(last.at().plus(COUNT_MAX_AGE))) {
            last = new Counted(now, read.get());
            counts.put(key, last);
        }
        return last.value();
    }

    private double count(String collection, Bson filter) {
        try {
            Long n = Mono.from(readModels.collection(collection).countDocuments(filter)).block(COUNT_TIMEOUT);
            return n == null ? 0 : n;
        } catch (RuntimeException storeUnreachable) {
            return Double.NaN;
        }
    }
}
