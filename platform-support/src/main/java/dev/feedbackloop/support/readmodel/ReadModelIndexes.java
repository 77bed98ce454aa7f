package dev.feedbackloop.support.readmodel;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.IndexModel;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creates the secondary indexes every projection declares ({@link ProjectionIndexes} beans): all of them when the
 * service starts, and a collection's again when a reset has dropped it. Creating an index that exists is a no-op; one
 * whose keys or options changed (a new retention for a TTL) is dropped and created again. A store that does not answer in
 * time is logged, not fatal: queries stay correct without indexes, only slower, and the next start tries again.
 */
public final class ReadModelIndexes {

    private static final Logger log = LoggerFactory.getLogger(ReadModelIndexes.class);

    private final MongoDatabase database;
    private final Map<String, List<ReadModelIndex>> byCollection;
    private final Duration timeout;

    public ReadModelIndexes(MongoDatabase database, List<ProjectionIndexes> declared, Duration timeout) {
        this.database = database;
        this.timeout = timeout;
        this.byCollection = declared.stream().flatMap(s -> s.indexes().stream())
                .collect(Collectors.groupingBy(ReadModelIndex::collection, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    /** Every declared index, by collection. */
    public Map<String, List<ReadModelIndex>> declared() {
        return byCollection;
    }

    /**
     * Creates every declared index; answers how many were created or confirmed. Stops at the first collection whose
     * indexes all failed (the store is down, say), so a start without the store is not held up once per index.
     */
    public int ensureAll() {
        int n = 0;
        for (var entry : byCollection.entrySet()) {
            int created = ensure(entry.getKey());
            if (created == 0 && !entry.getValue().isEmpty()) {
                log.warn("Creating the read models' indexes stopped at {}; the next start tries again", entry.getKey());
                return n;
            }
            n += created;
        }
        log.info("Read-model indexes: {} in {} collections", n, byCollection.size());
        return n;
    }

    /**
     * Creates the declared indexes of one collection (after a reset dropped it, say). One that exists with other keys
     * or options (a new retention for a TTL) is dropped first: the embedded server would keep the old one silently.
     */
    public int ensure(String collection) {
        List<ReadModelIndex> wanted = byCollection.getOrDefault(collection, List.of());
        if (wanted.isEmpty()) {
            return 0;
        }
        Map<String, Document> existing;
        try {
            existing = Flux.from(database.getCollection(collection).listIndexes())
                    .collectMap(d -> d.getString("name")).block(timeout);
        } catch (RuntimeException e) {
            log.warn("The indexes of {} could not be read (the store did not answer in {}): {}", collection, timeout,
                    e.toString());
            return 0;
        }
        int n = 0;
        for (ReadModelIndex index : wanted) {
            Document current = existing == null ? null : existing.get(index.name());
            try {
                if (current != null && !same(current, index)) {
                    log.info("Index {}.{} changed; it is dropped and created again", collection, index.name());
                    Mono.from(database.getCollection(collection).dropIndex(index.name())).block(timeout);
                }
                create(index);
                n++;
            } catch (MongoCommandException e) {
                log.warn("Index {}.{} could not be created: {}", collection, index.name(), e.getErrorMessage());
            } catch (RuntimeException e) {
                log.warn("Index {}.{} could not be created (the store did not answer in {}): {}", collection,
                        index.name(), timeout, e.toString());
            }
        }
        return n;
    }

    /** Whether an existing index has the declared keys, expiry and filter. */
    static boolean same(Document existing, ReadModelIndex index) {
        Object expiry = existing.get("expireAfterSeconds");
        Long seconds = expiry instanceof Number number ? number.longValue() : null;
        Long wanted = index.expireAfter() == null ? null : index.expireAfter().toSeconds();
        return keys(existing.get("key", Document.class)).equals(keys(bson(index.keys())))
                && java.util.Objects.equals(seconds, wanted)
                && java.util.Objects.equals(json(existing.get("partialFilterExpression", Document.class)),
                index.partial() == null ? null : json(bson(index.partial())));
    }

    private static Document bson(org.bson.conversions.Bson bson) {
        return Document.parse(bson.toBsonDocument(Document.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry())
                .toJson());
    }

    /** Key names in order with their direction (1, -1) or kind ("text"), whatever number type the server returns. */
    private static List<String> keys(Document keys) {
        if (keys == null) {
            return List.of();
        }
        return keys.entrySet().stream().map(e -> e.getKey() + ":" + (e.getValue() instanceof Number number
                ? Long.toString(Long.signum(number.longValue())) : String.valueOf(e.getValue()))).toList();
    }

    private static String json(Document document) {
        return document == null ? null : document.toJson();
    }

    private void create(ReadModelIndex index) {
        Flux.from(database.getCollection(index.collection(), Document.class)
                .createIndexes(List.of(new IndexModel(index.keys(), index.options())))).then().block(timeout);
    }
}
