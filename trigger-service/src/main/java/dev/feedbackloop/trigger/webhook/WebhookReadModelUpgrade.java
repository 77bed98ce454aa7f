package dev.feedbackloop.trigger.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.trigger.command.SubscribeWebhook;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Brings subscriptions that the projection wrote before secrets were sealed up to date, before the sender first
 * reads them: the plain {@code secret} is sealed into {@code sealed_secret} and removed, and class-name event types
 * become dotted types. The projection's position is past their events, so without this they would never be
 * rewritten. Runs at every start; a subscription already up to date is left alone.
 */
@Component
public class WebhookReadModelUpgrade {

    private static final Logger log = LoggerFactory.getLogger(WebhookReadModelUpgrade.class);

    private final ReadModelWriter readModels;
    private final SecretBox secrets;
    private final Duration timeout;

    public WebhookReadModelUpgrade(ReadModelWriter readModels, SecretBox secrets, PlatformProperties platform) {
        this.readModels = readModels;
        this.secrets = secrets;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    /** Answers how many subscriptions it rewrote. */
    public int run() {
        List<Document> stale = Flux.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS)
                .find(Filters.exists(WebhookOutbox.LEGACY_SECRET))).collectList().block(timeout);
        int n = 0;
        for (Document d : stale == null ? List.<Document>of() : stale) {
            String id = d.getString("_id");
            String sealed = secrets.seal(d.getString(WebhookOutbox.LEGACY_SECRET), SubscribeWebhook.secretContext(id));
            List<String> types = WebhookOutbox.dotted(d.getList("event_types", String.class, List.of()));
            Mono.from(readModels.collection(WebhookOutbox.SUBSCRIPTIONS).updateOne(Filters.eq("_id", id),
                    Updates.combine(Updates.set(WebhookOutbox.SEALED_SECRET, sealed),
                            Updates.unset(WebhookOutbox.LEGACY_SECRET), Updates.set("event_types", types)))).block(timeout);
            n++;
        }
        if (n > 0) {
            log.info("Sealed the signing secrets of {} webhook subscription(s) kept in plain text by an earlier version", n);
        }
        return n;
    }
}
