package dev.feedbackloop.support.readmodel;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.feedbackloop.support.testing.TestDatabases;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server's unique indexes ordered by value, and stores written before that opened unchanged. */
class ReadModelBackendTest {

    @Test
    void aStoreWrittenWithTheLibrarysIndexesKeepsItsDocumentsAndItsUniqueness() {
        Path dir = TestDatabases.newDataDir("index-migration");
        Path file = dir.resolve("read-models.mv");
        writeWithTheLibrarysBackend(file, client -> {
            MongoCollection<Document> things = client.getDatabase("old").getCollection("things");
            Mono.from(things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true))).block();
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                docs.add(new Document("_id", "thing-" + i).append("code", i).append("at", Instant.ofEpochMilli(i)));
            }
            Mono.from(things.insertMany(docs)).block();
        });

        EmbeddedMongo reopened = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("old").getCollection("things");
            assertThat(Mono.from(things.find(eq("_id", "thing-377")).first()).block().getInteger("code"))
                    .isEqualTo(377);
            assertThat(Mono.from(things.countDocuments()).block()).isEqualTo(500);
            assertThatThrownBy(() -> Mono.from(things.insertOne(new Document("_id", "thing-1").append("code", -1)))
                    .block()).isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> Mono.from(things.insertOne(new Document("_id", "new").append("code", 42)))
                    .block()).isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            Mono.from(things.insertOne(new Document("_id", "new").append("code", 500))).block();
            assertThat(Flux.from(things.find(eq("code", 500))).collectList().block()).hasSize(1);
        }
        reopened.close();

        MVStore after = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertThat(after.getMapNames()).noneMatch(name -> name.contains("._index_"))
                    .contains("old.things._keys__id_", "old.things._keys_code_1");
        } finally {
            after.close();
        }
    }

    @Test
    void documentsOfEveryKindReadBackTheSameAfterARestartBesideOlderOnes() {
        Path dir = TestDatabases.newDataDir("bson-values");
        Path file = dir.resolve("read-models.mv");
        Document older = everyKind("older");
        writeWithTheLibrarysBackend(file, client ->
                Mono.from(client.getDatabase("kinds").getCollection("docs").insertOne(older)).block());

        Document newer = everyKind("newer");
        EmbeddedMongo first = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(first.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("kinds").getCollection("docs");
            Mono.from(docs.insertOne(newer)).block();
            for (int i = 0; i < 2_000; i++) {
                Mono.from(docs.insertOne(everyKind("bulk-" + i))).block();
            }
        }
        first.close();

        EmbeddedMongo second = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(second.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("kinds").getCollection("docs");
            assertThat(Mono.from(docs.find(eq("_id", "older")).first()).block()).isEqualTo(older);
            assertThat(Mono.from(docs.find(eq("_id", "newer")).first()).block()).isEqualTo(newer);
            assertThat(Mono.from(docs.find(eq("_id", "bulk-1999")).first()).block()).isEqualTo(everyKind("bulk-1999"));
            assertThat(Mono.from(docs.countDocuments(eq("nested.list", 2L))).block()).isEqualTo(2_002);
        } finally {
            second.close();
        }
    }

    /** Writes a store as the platform did before {@link ReadModelBackend}: the library's own H2 backend. */
    @Test
    void reopeningAStoreDoesNotReadTheDocumentsOfCollectionsWithSecondaryIndexes() {
        Path dir = TestDatabases.newDataDir("secondary-index-open");
        EmbeddedMongo first = new EmbeddedMongo(dir);
        try (MongoClient client = MongoClients.create(first.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("db").getCollection("things");
            Mono.from(things.createIndex(Indexes.ascending("agent", "at"))).block();
            String padding = "x".repeat(2_000);
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                docs.add(new Document("_id", "thing-" + i).append("agent", "a" + i % 7).append("at", i).append("text", padding + i));
            }
            Mono.from(things.insertMany(docs)).block();
        }
        first.afterBatchWritten();
        first.close();

        MVStore store = new MVStore.Builder().fileName(dir.resolve("read-models.mv").toString()).autoCommitDisabled().open();
        try {
            long before = store.getFileStore().getReadBytes();
            ReadModelBackend backend = new ReadModelBackend(store);
            long readToOpen = store.getFileStore().getReadBytes() - before;
            // the documents hold 4 MB; opening reads the catalogue and the index roots, not the collection
            assertThat(readToOpen).isLessThan(500_000);
            MongoServer server = new MongoServer(backend);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                MongoCollection<Document> things = client.getDatabase("db").getCollection("things");
                assertThat(Mono.from(things.countDocuments(eq("agent", "a3"))).block()).isEqualTo(286);
                assertThat(Flux.from(things.listIndexes()).map(d -> d.getString("name")).collectList().block())
                        .contains("agent_1_at_1");
            }
            server.shutdownNow();
        } finally {
            store.close();
        }
    }

    private static void writeWithTheLibrarysBackend(Path file, java.util.function.Consumer<MongoClient> writes) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        H2Backend backend = new H2Backend(store);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            writes.accept(client);
        }
        store.commit();
        server.shutdownNow();
        backend.close();
    }

    private static Document everyKind(String id) {
        return new Document("_id", id)
                .append("text", "héllo \u2603 " + id)
                .append("int", 7).append("long", 1L << 40).append("double", 0.25).append("flag", true)
                .append("nothing", null)
                .append("at", java.util.Date.from(Instant.parse("2026-12-04T10:15:30.123Z")))
                .append("oid", new org.bson.types.ObjectId("65a0f0f0f0f0f0f0f0f0f0f0"))
                .append("bytes", new org.bson.types.Binary(new byte[] {1, 2, 3}))
                .append("decimal", org.bson.types.Decimal128.parse("12.345"))
                .append("nested", new Document("list", List.of(1L, 2L, new Document("deep", "yes")))
                        .append("empty", new Document()));
    }

    @Test
    void aQueryNamingIdsBesideOtherConditionsAnswersWhatTheConditionsSay() {
        EmbeddedMongo mongo = new EmbeddedMongo(TestDatabases.newDataDir("narrowed-queries"));
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("q").getCollection("docs");
            List<Document> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(new Document("_id", "d" + i).append("model", i % 3 == 0 ? "bge" : "minilm").append("n", i));
            }
            Mono.from(docs.insertMany(all)).block();
            List<String> asked = List.of("d0", "d1", "d2", "d3", "d299", "absent");

            assertThat(ids(docs, and(in("_id", asked), eq("model", "bge")))).containsExactlyInAnyOrder("d0", "d3");
            assertThat(ids(docs, and(eq("_id", "d7"), gt("n", 5)))).containsExactly("d7");
            assertThat(ids(docs, and(eq("_id", "d7"), gt("n", 7)))).isEmpty();
            assertThat(ids(docs, and(in("_id", asked), or(eq("n", 1), eq("n", 299))))).containsExactlyInAnyOrder("d1", "d299");
            assertThat(ids(docs, and(gt("_id", "d98"), eq("model", "bge")))).containsExactlyInAnyOrder("d99");

            assertThat(Mono.from(docs.updateMany(and(in("_id", asked), eq("model", "minilm")),
                    new Document("$set", new Document("seen", true)))).block().getModifiedCount()).isEqualTo(3);
            assertThat(ids(docs, eq("seen", true))).containsExactlyInAnyOrder("d1", "d2", "d299");
            assertThat(Mono.from(docs.deleteMany(and(in("_id", asked), eq("seen", true)))).block().getDeletedCount())
                    .isEqualTo(3);
            assertThat(Mono.from(docs.countDocuments()).block()).isEqualTo(297);
        } finally {
            mongo.close();
        }
    }

    @Test
    void theIdIndexAnswersAQueryThatNamesIdsByValueOrInBesideOtherConditions() {
        MVStore store = new MVStore.Builder().open();
        try {
            var index = new ReadModelBackend.UniqueIndex(store.openMap("keys",
                    new org.h2.mvstore.MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE)), "_id_",
                    List.of(new de.bwaldvogel.mongo.backend.IndexKey("_id", true)), false);
            java.util.function.Function<String, de.bwaldvogel.mongo.bson.Document> query = json ->
                    (de.bwaldvogel.mongo.bson.Document) serverSide(Document.parse(json));
            assertThat(index.canHandle(query.apply("{_id: 'a'}"))).isTrue();
            assertThat(index.canHandle(query.apply("{_id: {$in: ['a', 'b']}, model: 'bge'}"))).isTrue();
            assertThat(index.canHandle(query.apply("{_id: 'a', n: {$gt: 5}}"))).isTrue();
            assertThat(index.canHandle(query.apply("{$and: [{_id: {$in: ['a', 'b']}}, {model: 'bge'}]}"))).isTrue();
            assertThat(index.canHandle(query.apply("{$and: [{_id: {$gt: 'a'}}, {model: 'bge'}]}"))).isFalse();
            assertThat(index.canHandle(query.apply("{$or: [{_id: 'a'}, {model: 'bge'}]}"))).isFalse();
            assertThat(index.canHandle(query.apply("{_id: {$gt: 'a'}, model: 'bge'}"))).isFalse();
            assertThat(index.canHandle(query.apply("{_id: {$in: ['a'], $nin: ['b']}, model: 'bge'}"))).isFalse();
            assertThat(index.canHandle(query.apply("{model: 'bge', n: 1}"))).isFalse();
        } finally {
            store.close();
        }
    }

    /** A query as the server holds it: its own document type, nested ones too. */
    private static Object serverSide(Object value) {
        if (value instanceof Document d) {
            var converted = new de.bwaldvogel.mongo.bson.Document();
            d.forEach((k, v) -> converted.put(k, serverSide(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReadModelBackendTest::serverSide).toList();
        }
        return value;
    }

    private static List<String> ids(MongoCollection<Document> docs, org.bson.conversions.Bson filter) {
        return Flux.from(docs.find(filter)).map(d -> d.getString("_id")).collectList().block();
    }

    @Test
    void writesKeepNoSizeStatisticsSoADocumentIsNotEncodedOnlyToBeCounted() {
        EmbeddedMongo mongo = new EmbeddedMongo(TestDatabases.newDataDir("no-size-statistics"));
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("rm").getCollection("things");
            for (int i = 0; i < 20; i++) {
                Mono.from(things.insertOne(new Document("_id", "t-" + i).append("text", "x".repeat(1_000)))).block();
            }
            Mono.from(things.updateOne(eq("_id", "t-3"), new Document("$set", new Document("text", "changed")))).block();
            Mono.from(things.deleteOne(eq("_id", "t-4"))).block();

            Document stats = Mono.from(client.getDatabase("rm").runCommand(new Document("collStats", "things"))).block();
            assertThat(stats.get("count", Number.class).longValue()).isEqualTo(19);
            assertThat(stats.get("size", Number.class).longValue()).as("documents written, none encoded to be sized")
                    .isZero();
            assertThat(Mono.from(things.find(eq("_id", "t-3")).first()).block().getString("text")).isEqualTo("changed");
        } finally {
            mongo.close();
        }
    }

    @Test
    void keysThatAreEqualCompareEqualAndTheOrderIsTotal() {
        Random random = new Random(7);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add(randomKey(random));
        }
        for (KeyValue a : keys) {
            KeyValue copy = new KeyValue(new ArrayList<>(a.stream().toList()));
            assertThat(IndexKeyType.INSTANCE.compare(a, copy)).isZero();
            for (KeyValue b : keys) {
                int ab = Integer.signum(IndexKeyType.INSTANCE.compare(a, b));
                assertThat(Integer.signum(IndexKeyType.INSTANCE.compare(b, a))).isEqualTo(-ab);
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                for (KeyValue c : keys.subList(0, 40)) {
                    if (ab <= 0 && IndexKeyType.INSTANCE.compare(b, c) <= 0) {
                        assertThat(IndexKeyType.INSTANCE.compare(a, c)).isLessThanOrEqualTo(0);
                    }
                }
            }
        }
    }

    @Test
    void keysOfStringsAreWrittenAsStringsAndOtherKeysAndOlderSerialisedOnesReadBackEqual() {
        KeyValue strings = new KeyValue("fb-0001", "h\u00e9llo \u2603 \ud83d\ude00", "");
        KeyValue mixed = new KeyValue("agent", 42L, null);
        for (KeyValue key : List.of(strings, mixed, new KeyValue("thing-1"))) {
            org.h2.mvstore.WriteBuffer buffer = new org.h2.mvstore.WriteBuffer();
            IndexKeyType.INSTANCE.write(buffer, key);
            java.nio.ByteBuffer written = buffer.getBuffer().flip();
            assertThat(written.get(0) == IndexKeyType.STRINGS).as("written as strings: " + key).isEqualTo(key != mixed);
            assertThat(IndexKeyType.INSTANCE.read(written)).isEqualTo(key);
            assertThat(written.hasRemaining()).isFalse();
        }
        assertThat(IndexKeyType.INSTANCE.getMemory(strings)).as("about the key's heap").isBetween(150, 400);
        // a key as the platform wrote it before: Java-serialised by H2's own type
        org.h2.mvstore.WriteBuffer older = new org.h2.mvstore.WriteBuffer();
        new org.h2.mvstore.type.ObjectDataType().write(older, strings);
        assertThat(IndexKeyType.INSTANCE.read(older.getBuffer().flip())).isEqualTo(strings);
    }

    @Test
    void valuesOfDifferentTypesAreDifferentKeys() {
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(1), new KeyValue(1L))).isNotZero();
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue("1"), new KeyValue(1.0))).isNotZero();
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(0.0), new KeyValue(-0.0))).isNotZero();
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue("a", null), new KeyValue("a"))).isPositive();
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(new de.bwaldvogel.mongo.bson.Document("a", 1)),
                new KeyValue(new de.bwaldvogel.mongo.bson.Document("a", 1)))).isZero();
        assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(new java.math.BigDecimal("1.0")),
                new KeyValue(new java.math.BigDecimal("1.00")))).isNotZero();
    }

    private static KeyValue randomKey(Random random) {
        int size = 1 + random.nextInt(3);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            values.add(randomValue(random, 2));
        }
        return new KeyValue(values);
    }

    private static Object randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> null;
            case 1 -> "s" + random.nextInt(5);
            case 2 -> (double) random.nextInt(4);
            case 3 -> (long) random.nextInt(3);
            case 4 -> random.nextBoolean();
            case 5 -> Instant.ofEpochMilli(random.nextInt(3));
            case 6 -> new de.bwaldvogel.mongo.bson.ObjectId();
            case 7 -> new de.bwaldvogel.mongo.bson.Document("k" + random.nextInt(2), randomValue(random, depth - 1));
            default -> new ArrayList<>(java.util.Arrays.asList(randomValue(random, depth - 1), randomValue(random, depth - 1)));
        };
    }
}
