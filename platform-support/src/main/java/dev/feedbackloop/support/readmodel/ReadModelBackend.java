package dev.feedbackloop.support.readmodel;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The embedded server's H2 backend with {@link IndexKeyType} for its unique indexes. An index keeps its entries in
 * a map of its own name, {@code <db>.<collection>._keys_<index>}; a store written before this type came has them
 * under {@code ._index_<index>} in the old order, and they are copied over (and the old map removed) when the
 * index is first opened, committed with the next read-model commit. Collections keep their documents as BSON
 * ({@link DocumentValueType}), reading the Java-serialised documents of older pages as they are.
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

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // Opened here first with the BSON value type; the library's own openMap then finds it open.
            store().openMap("databases." + getFullCollectionNamespace(collectionName),
                    new MVMap.Builder<Object, Object>().valueType(new DocumentValueType()));
            return super.openOrCreateCollection(collectionName, options);
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
