package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A lookup from a key (such as a trace id) to the ids of the documents that carry it, kept as its own collection
 * of {@code {_id: key, ids: [...]}}. The embedded server ignores secondary indexes and would scan the whole
 * collection for every query by key; a primary-key lookup here plus one per member stays fast on both servers.
 * Maintained with $addToSet, so applying an event twice changes nothing; the members a batch adds to one key go in
 * one update (a key collecting many members, such as a day, is rewritten once per batch, not once per member).
 * <p>
 * A key that collects without bound (an agent's day of failures) is {@linkplain #bucketed spread} over a fixed
 * number of documents by the member's hash: one document per key grew past a megabyte in a benchmark's
 * 35,000 failures a day, and every batch rewrote, copied and re-sent it whole (and BSON stops at 16 MB).
 */
public final class SecondaryIndex {

    private final ReadModelWriter writer;
    private final String indexCollection;
    private final String targetCollection;
    private final int buckets;

    /** One document per key: for keys with a handful of members, such as a trace. */
    public SecondaryIndex(ReadModelWriter writer, String targetCollection, String key) {
        this(writer, targetCollection, key, 1);
    }

    private SecondaryIndex(ReadModelWriter writer, String targetCollection, String key, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
        }
        this.writer = writer;
        this.targetCollection = targetCollection;
        this.indexCollection = targetCollection + "_by_" + key;
        this.buckets = buckets;
    }

    /**
     * Each key's members spread over {@code buckets} documents, {@code <key>#<n>}, by the member id's hash (so a
     * member always lands in the same one and adding it twice still changes nothing). Documents written under the
     * bare key before are still read.
     */
    public static SecondaryIndex bucketed(ReadModelWriter writer, String targetCollection, String key, int buckets) {
        return new SecondaryIndex(writer, targetCollection, key, buckets);
    }

    /** The ids of the documents that hold the members of these keys. */
    public List<String> storedKeys(List<String> keys) {
        if (buckets == 1) {
            return keys;
        }
        List<String> stored = new ArrayList<>(keys.size() * (buckets + 1));
        for (String key : keys) {
            stored.add(key);
            for (int bucket = 0; bucket < buckets; bucket++) {
                stored.add(key + "#" + bucket);
            }
        }
        return stored;
    }

    private String storedKey(String key, String memberId) {
        return buckets == 1 ? key : key + "#" + Math.floorMod(memberId.hashCode(), buckets);
    }

    public String collectionName() {
        return indexCollection;
    }

    public void add(String key, String memberId) {
        writer.accumulate(indexCollection, storedKey(key, memberId), LinkedHashSet<String>::new, ids -> ids.add(memberId),
                ids -> Updates.addEachToSet("ids", List.copyOf(ids)));
    }

    /** The documents of the target collection filed under {@code key}, in no particular order. */
    public Flux<Document> find(String key, int limit) {
        return find(key, limit, writer::collection);
    }

    /** As {@link #find(String, int)}, reading the collections {@code collections} hands out (with a time limit, say). */
    public Flux<Document> find(String key, int limit, Function<String, MongoCollection<Document>> collections) {
        return members(List.of(key), collections)
                .take(limit)
                .flatMap(id -> Mono.from(collections.apply(targetCollection).find(Filters.eq("_id", id)).first()), 16);
    }

    /** The member ids filed under any of these keys. */
    public Flux<String> members(List<String> keys, Function<String, MongoCollection<Document>> collections) {
        Flux<Document> stored = buckets == 1 && keys.size() == 1
                ? Mono.from(collections.apply(indexCollection).find(Filters.eq("_id", keys.get(0))).first()).flux()
                : Flux.from(collections.apply(indexCollection).find(Filters.in("_id", storedKeys(keys))));
        return stored.flatMapIterable(index -> index.getList("ids", String.class, List.of()));
    }
}
