package dev.feedbackloop.analysis.limits;

import com.mongodb.reactivestreams.client.MongoCollection;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One query's time in the read-model store. Each collection handed out carries the time left as the driver's
 * operation timeout, so every find sends it to MongoDB as {@code maxTimeMS} and the driver gives up then too; a read
 * started after the deadline fails at once. The store is therefore busy with one query for at most its max time.
 */
public final class QueryDeadline implements CollectionSource {

    private final ReadModelWriter store;
    private final Duration maxTime;
    private final long deadlineNanos;

    QueryDeadline(ReadModelWriter store, Duration maxTime, long startNanos) {
        this.store = store;
        this.maxTime = maxTime;
        this.deadlineNanos = startNanos + maxTime.toNanos();
    }

    @Override
    public MongoCollection<Document> collection(String name) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new QueryTimeoutException(maxTime);
        }
        return store.collection(name).withTimeout(left, TimeUnit.MILLISECONDS);
    }

    public Duration maxTime() {
        return maxTime;
    }
}
