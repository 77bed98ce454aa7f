package dev.feedbackloop.trigger.webhook;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.ops.PeriodicTask;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.trigger.channel.EmailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Keeps the outbox from growing forever: every {@code platform.webhooks.prune-interval} it deletes delivered entries
 * (webhooks, alert channels and email) older than {@code delivered-retention} and failed or undelivered ones older than
 * {@code failed-retention}, judged by when they were enqueued. Pending entries are never deleted. Deleting is
 * idempotent, so instances that prune side by side do no harm.
 */
@Component
public class DeliveryPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPruner.class);

    private final ReadModelWriter readModels;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Duration timeout;
    private final PeriodicTask task;

    public DeliveryPruner(ReadModelWriter readModels, WebhookSettings settings, Clock clock, PlatformProperties platform) {
        this.readModels = readModels;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
        this.task = new PeriodicTask("webhook-prune", settings.pruneInterval(), this::prune);
    }

    /** Answers how many entries it deleted. */
    public long prune() {
        Instant now = clock.instant();
        Date delivered = Date.from(now.minus(settings.deliveredRetention()));
        Date failed = Date.from(now.minus(settings.failedRetention()));
        var finished = Filters.or(
                Filters.and(Filters.eq("state", "delivered"), Filters.lt("enqueued_at", delivered)),
                Filters.and(Filters.in("state", "failed", "not_delivered"), Filters.lt("enqueued_at", failed)));
        long n = 0;
        for (String collection : List.of(WebhookOutbox.DELIVERIES, EmailSender.DELIVERIES)) {
            var result = Mono.from(readModels.collection(collection).deleteMany(finished)).block(timeout);
            n += result == null ? 0 : result.getDeletedCount();
        }
        if (n > 0) {
            log.info("Pruned {} finished webhook and alert channel deliveries", n);
        }
        return n;
    }

    @Override
    public void start() {
        task.start();
    }

    @Override
    public void stop() {
        task.stop();
    }

    @Override
    public boolean isRunning() {
        return task.isRunning();
    }
}
