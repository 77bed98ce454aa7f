package dev.feedbackloop.support.privacy;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.feedbackloop.support.ops.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Removes read-model documents older than {@code platform.privacy.read-model-retention} from the
 * {@link RetainedCollection}s of this service, every {@code retention-check-interval}. The events stay (they are the
 * record; erasure is what removes a user's text from them); a projection rebuilt later brings old documents back
 * until the next check removes them again.
 */
public class ReadModelRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRetention.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final MongoDatabase database;
    private final List<RetainedCollection> collections;
    private final Duration retention;
    private final Clock clock;
    private final PeriodicTask task;

    public ReadModelRetention(MongoDatabase database, List<RetainedCollection> collections, Duration retention,
                              Duration interval, Clock clock) {
        this.database = database;
        this.collections = List.copyOf(collections);
        this.retention = retention;
        this.clock = clock;
        this.task = new PeriodicTask("read-model-retention", interval, this::removeExpired);
    }

    /** Removes what is past the retention now; the number of documents removed. */
    public long removeExpired() {
        Instant cutoff = clock.instant().minus(retention);
        long removed = 0;
        for (RetainedCollection c : collections) {
            Long n = Mono.from(database.getCollection(c.collection())
                            .deleteMany(Filters.lt(c.timeField(), Date.from(cutoff))))
                    .map(r -> r.getDeletedCount()).block(TIMEOUT);
            removed += n == null ? 0 : n;
        }
        if (removed > 0) {
            log.info("Read-model retention removed {} documents older than {}", removed, cutoff);
        }
        return removed;
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
