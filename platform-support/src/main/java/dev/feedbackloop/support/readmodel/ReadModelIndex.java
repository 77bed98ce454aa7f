package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.IndexOptions;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A secondary index of a read-model collection, declared beside the projection whose queries it serves (as a
 * {@link ProjectionIndexes} bean) and created at start-up by {@link ReadModelIndexes}, and again after a reset drops the collection.
 * The name is fixed by the declaration, so a changed declaration replaces the index of the same name. The embedded
 * server accepts the declarations and ignores all but unique ones (its lookups are by primary key by design: see
 * {@link SecondaryIndex}); a real MongoDB uses them.
 *
 * @param collection the read model's collection
 * @param name       the index's name, unique within the collection
 * @param keys       the keys, e.g. {@code Indexes.compoundIndex(Indexes.ascending("agent_id"), Indexes.descending("at"))}
 * @param expireAfter for a TTL index: how long after the (date) key's value a document is deleted; null otherwise
 * @param partial    the documents the index covers (e.g. only delivered ones for a TTL); null for all
 */
public record ReadModelIndex(String collection, String name, Bson keys, Duration expireAfter, Bson partial) {

    public ReadModelIndex {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keys, "keys");
        if (expireAfter != null && (expireAfter.isNegative() || expireAfter.isZero())) {
            throw new IllegalArgumentException("index " + collection + "." + name + ": the expiry must be positive");
        }
    }

    public static ReadModelIndex of(String collection, String name, Bson keys) {
        return new ReadModelIndex(collection, name, keys, null, null);
    }

    /** A TTL index: a document whose {@code keys} date is older than {@code expireAfter} (and matches {@code partial}) goes. */
    public static ReadModelIndex expiring(String collection, String name, Bson keys, Duration expireAfter, Bson partial) {
        return new ReadModelIndex(collection, name, keys, expireAfter, partial);
    }

    IndexOptions options() {
        IndexOptions options = new IndexOptions().name(name).background(true);
        if (expireAfter != null) {
            options.expireAfter(expireAfter.toSeconds(), TimeUnit.SECONDS);
        }
        if (partial != null) {
            options.partialFilterExpression(partial);
        }
        return options;
    }
}
