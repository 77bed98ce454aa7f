package dev.feedbackloop.support.readmodel;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedded server's H2 backend with {@link IndexKeyType} for its unique indexes. An index keeps its entries in
 * a map of its own name, {@code <db>.<collection>._keys_<index>}; a store written before this type came has them
 * under {@code ._index_<index>} in the old order, and they are copied over (and the old map removed) when the
 * index is first opened, committed with the next read-model commit. Collections keep their documents as BSON
 * ({@link DocumentValueType}), reading the Java-serialised documents of older pages as they are.
 * <p>
 * A unique index also answers a query that names its key by value or {@code $in} next to other conditions
 * ({@code {_id: {$in: [...]}, model: "m"}}, or the same as clauses of {@code $and}): the library uses an index only for a query on exactly its keys and
 * otherwise reads the whole collection; here the index gives the candidates and the whole query filters them.
 */
final class ReadModelBackend extends H2Backend {

    ReadModelBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return ReadModelDatabase.open(databaseName, getMvStore(), getCursorRegistry());
    }

    /** The library's H2 unique index (its constructor is package-private), over a map this backend opens. */
    static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> entries;

        UniqueIndex(MVMap<KeyValue, Object> entries, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.entries = entries;
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return super.canHandle(query) || narrowed(query) != null;
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            if (super.canHandle(query)) {
                return super.getPositions(query);
            }
            Document narrowed = narrowed(query);
            if (narrowed == null) {
                throw new IllegalStateException("index " + getName() + " cannot answer " + query.keySet());
            }
            // a superset of the matches: the collection applies the whole query to each
            return super.getPositions(narrowed);
        }

        /**
         * The query's condition on this (single-key) index's key, when it names the key by a plain value or by
         * {@code $in} alone, beside other conditions or as one clause of a top-level {@code $and}; null otherwise.
         */
        Document narrowed(Document query) {
            if (isCompoundIndex()) {
                return null;
            }
            String key = keys().get(0);
            Object value;
            if (query.containsKey(key)) {
                if (query.size() < 2) {
                    return null;
                }
                value = query.get(key);
            } else if (query.get("$and") instanceof List<?> clauses) {
                // the driver writes Filters.and(in("_id", ...), eq("model", ...)) as {$and: [{_id: ...}, {model: ...}]}
                value = clauses.stream().filter(c -> c instanceof Document d && d.size() == 1 && d.containsKey(key))
                        .map(c -> ((Document) c).get(key)).findFirst().orElse(null);
            } else {
                return null;
            }
            boolean plain = value != null && !(value instanceof Document) && !(value instanceof Collection)
                    && !(value instanceof Pattern) && !(value instanceof BsonRegularExpression);
            boolean in = value instanceof Document d && d.size() == 1 && d.get("$in") instanceof Collection;
            if (!plain && !in) {
                return null;
            }
            Document narrowed = new Document(key, value);
            return super.canHandle(narrowed) ? narrowed : null;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return entries.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return entries.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return entries.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return entries.get(key);
        }

        @Override
        public long getCount() {
            return entries.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /**
     * The library's collection, telling (once per collection and query shape) when a query reads every document of a
     * large collection because no unique index serves it: the embedded server keeps no other indexes, so a query on a
     * hot path must name its documents by {@code _id}.
     */
    static final class ReadModelCollection extends H2Collection {

        private static final Logger log = LoggerFactory.getLogger(ReadModelCollection.class);
        static final int LARGE = 5_000;
        private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

        ReadModelCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                            MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, documents, meta, cursors);
        }

        /**
         * No size statistics: the library encodes each document it adds or removes, and both versions of each one it
         * updates, only to keep {@code collStats}' size, which nothing here reads (17 % of the embedded server's CPU
         * samples while projections caught up after a batch load; see docs/benchmarks.md for what it saves).
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fields) {
            String shape = getFullName() + " " + query.keySet();
            if (!query.isEmpty() && count() > LARGE && TOLD.add(shape)) {
                log.info("A query on {} reads all {} documents of {}: no unique index serves it", query.keySet(),
                        count(), getFullName());
            }
            return super.matchDocuments(query, orderBy, skip, limit, batchSize, fields);
        }
    }

    /** A secondary index the embedded server declares but does not keep (a real MongoDB keeps it). */
    static final class KeptNowhere extends EmptyIndex<Object> {

        KeptNowhere(String name, List<IndexKey> keys) {
            super(name, keys);
        }

        /** Not empty: there is nothing to fill, so adding it to a collection must not read the collection. */
        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    static final class ReadModelDatabase extends H2Database {

        private static final Logger log = LoggerFactory.getLogger(ReadModelDatabase.class);

        /** H2Database opens the existing indexes inside its constructor, before this class's fields are set. */
        private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

        private final MVStore store;

        static ReadModelDatabase open(String databaseName, MVStore store, CursorRegistry cursors) {
            OPENING.set(store);
            try {
                return new ReadModelDatabase(databaseName, store, cursors);
            } finally {
                OPENING.remove();
            }
        }

        private ReadModelDatabase(String databaseName, MVStore store, CursorRegistry cursors) {
            super(databaseName, store, cursors);
            this.store = store;
        }

        private MVStore store() {
            return store != null ? store : OPENING.get();
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVStore mvStore = store();
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<KeyValue, Object> entries = mvStore.openMap(namespace + "._keys_" + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
            String previousName = namespace + "._index_" + indexName;
            if (mvStore.hasMap(previousName)) {
                MVMap<KeyValue, Object> previous = mvStore.openMap(previousName);
                if (entries.isEmpty()) {
                    for (Map.Entry<KeyValue, Object> entry : previous.entrySet()) {
                        entries.put(entry.getKey(), entry.getValue());
                    }
                }
                log.info("Index {} of {}: {} entries moved to the value-ordered key map", indexName, namespace,
                        previous.sizeAsLong());
                mvStore.removeMap(previous);
            }
            return new UniqueIndex(entries, indexName, keys, sparse);
        }

        /**
         * The library keeps no secondary (non-unique) indexes: it answers them with an {@link EmptyIndex}, which calls
         * itself empty, so every open of the store read and decoded every document of each collection twice to add them
         * to nothing (2.6 s of a start on a store of a million events). Queries are unchanged: no secondary index
         * served them before either.
         */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                           boolean sparse) {
            return new KeptNowhere(indexName, keys);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            @SuppressWarnings({"unchecked", "rawtypes"})
            MVMap<Object, Document> documents = (MVMap) store().openMap("databases." + namespace,
                    new MVMap.Builder<Object, Object>().valueType(new DocumentValueType()));
            MVMap<String, Object> meta = store().openMap("meta." + namespace);
            return new ReadModelCollection(this, collectionName, options, documents, meta, cursorRegistry);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            String name = getFullCollectionNamespace(collection.getCollectionName()) + "._keys_" + indexName;
            if (store().hasMap(name)) {
                store().removeMap(name);
            }
        }
    }
}
