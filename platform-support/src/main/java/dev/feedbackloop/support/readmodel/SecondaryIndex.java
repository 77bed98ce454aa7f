package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A lookup from a key (such as a trace id) to the ids of the documents that carry it, kept as its own collection
 * of {@code {_id: key, ids: [...]}}. The embedded server ignores secondary indexes and would scan the whole
 * collection for every query by key; a primary-key lookup here plus one per member stays fast on both servers.
 * Maintained with $addToSet, so applying an event twice changes nothing; the members a batch adds to one key go in
 * one update (a key collecting many members, such as a day, is rewritten once per batch, not once per member).
 */
public final class SecondaryIndex {

    private final ReadModelWriter writer;
    private final String indexCollection;
    private final String targetCollection;

    public SecondaryIndex(ReadModelWriter writer, String targetCollection, String key) {
        this.writer = writer;
        this.targetCollection = targetCollection;
        this.indexCollection = targetCollection + "_by_" + key;
    }

    public String collectionName() {
        return indexCollection;
    }

    public void add(String key, String memberId) {
        writer.accumulate(indexCollection, key, LinkedHashSet<String>::new, ids -> ids.add(memberId),
                ids -> Updates.addEachToSet("ids", List.copyOf(ids)));
    }

    /** The documents of the target collection filed under {@code key}, in no particular order. */
    public Flux<Document> find(String key, int limit) {
        return find(key, limit, writer::collection);
    }

    /** As {@link #find(String, int)}, reading the collections {@code collections} hands out (with a time limit, say). */
    public Flux<Document> find(String key, int limit, Function<String, MongoCollection<Document>> collections) {
        return Mono.from(collections.apply(indexCollection).find(Filters.eq("_id", key)).first())
                .flatMapMany(index -> Flux.fromIterable(index.getList("ids", String.class, List.of())))
                .take(limit)
                .flatMap(id -> Mono.from(collections.apply(targetCollection).find(Filters.eq("_id", id)).first()), 16);
    }
}
