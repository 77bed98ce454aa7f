package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** How read models are written, on each kind of MongoDB the platform supports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReadModelWriterContract {

    MongoClient client;
    MongoDatabase database;
    final AtomicInteger durableCommits = new AtomicInteger();
    ReadModelWriter writer;

    abstract String connectionString();

    ReadModelDurability durability() {
        return ReadModelDurability.ALREADY_DURABLE;
    }

    void afterClose() {
    }

    @BeforeAll
    void connect() {
        client = MongoClients.create(connectionString());
        database = client.getDatabase("contract_" + UUID.randomUUID().toString().substring(0, 8));
        ReadModelDurability base = durability();
        writer = new ReadModelWriter(database, new ReadModelDurability() {
            @Override
            public void write(Runnable write) {
                base.write(write);
            }

            @Override
            public void afterBatchWritten() {
                base.afterBatchWritten();
                durableCommits.incrementAndGet();
            }
        }, Duration.ofSeconds(10));
    }

    @AfterAll
    void close() {
        client.close();
        afterClose();
    }

    List<Document> all(String collection) {
        return Flux.from(database.getCollection(collection).find().sort(new Document("_id", 1))).collectList().block();
    }

    List<String> indexNames(String collection) {
        return Flux.from(database.getCollection(collection).listIndexes()).map(d -> d.getString("name")).collectList().block();
    }

    Document index(String collection, String name) {
        return Flux.from(database.getCollection(collection).listIndexes()).filter(d -> name.equals(d.getString("name")))
                .next().block();
    }

    static ProjectionIndexes deliveryIndexes(Duration retention) {
        return ProjectionIndexes.of("deliveries",
                ReadModelIndex.of("deliveries", "due", com.mongodb.client.model.Indexes.ascending("state", "next_attempt_at")),
                ReadModelIndex.expiring("deliveries", "delivered_ttl", com.mongodb.client.model.Indexes.ascending("enqueued_at"),
                        retention, Filters.eq("state", "delivered")));
    }

    @Test
    void declaredIndexesAreCreatedAgainAfterAResetDropsTheirCollectionAndAChangedRetentionReplacesTheTtl() {
        ReadModelIndexes indexes = new ReadModelIndexes(database, List.of(deliveryIndexes(Duration.ofDays(7))),
                Duration.ofSeconds(10));
        ReadModelWriter withIndexes = new ReadModelWriter(database, durability(), Duration.ofSeconds(10), indexes);
        withIndexes.put("deliveries", "d1", new Document("state", "pending"));
        assertThat(indexes.ensureAll()).isEqualTo(2);
        assertThat(indexNames("deliveries")).contains("due", "delivered_ttl");
        assertThat(index("deliveries", "delivered_ttl").get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(7).toSeconds());

        withIndexes.drop("deliveries");
        assertThat(indexNames("deliveries")).contains("due", "delivered_ttl");

        ReadModelIndexes shorter = new ReadModelIndexes(database, List.of(deliveryIndexes(Duration.ofDays(2))),
                Duration.ofSeconds(10));
        assertThat(shorter.ensureAll()).isEqualTo(2);
        assertThat(index("deliveries", "delivered_ttl").get("expireAfterSeconds", Number.class).longValue())
                .isEqualTo(Duration.ofDays(2).toSeconds());
    }

    @Test
    void applyingTheSameWriteTwiceChangesNothing() {
        writer.put("items", "a", new Document("value", 1));
        writer.put("items", "a", new Document("value", 1));
        writer.update("items", Filters.eq("_id", "b"), Updates.max("seen", 5), true);
        writer.update("items", Filters.eq("_id", "b"), Updates.max("seen", 5), true);
        assertThat(all("items")).extracting(d -> d.get("_id")).containsExactly("a", "b");
        assertThat(all("items").get(1).getInteger("seen")).isEqualTo(5);
    }

    @Test
    void writesInsideAUnitOfWorkWaitUntilItPreparesToCommitAndThenGoInOrder() {
        int before = durableCommits.get();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        writer.put("ordered", "x", new Document("state", "first"));
        writer.update("ordered", Filters.eq("_id", "x"), Updates.set("state", "second"), false);
        assertThat(all("ordered")).isEmpty();
        unitOfWork.commit();
        assertThat(all("ordered")).singleElement().satisfies(d -> assertThat(d.getString("state")).isEqualTo("second"));
        assertThat(durableCommits.get()).isEqualTo(before + 1);
    }

    @Test
    void aProcessorBatchIsWrittenOnceWhenItsLastEventIsHandledBeforeItsTokenIsStored() throws Exception {
        int before = durableCommits.get();
        List<EventMessage<?>> events = List.of(GenericEventMessage.asEventMessage("a"),
                GenericEventMessage.asEventMessage("b"), GenericEventMessage.asEventMessage("c"));
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        List<Integer> storedWhileHandling = new ArrayList<>();
        List<Integer> storedWhenTheTokenIsStored = new ArrayList<>();
        // registered first, as Axon's work package registers its token update
        batch.onPrepareCommit(u -> storedWhenTheTokenIsStored.add(all("batch_before_token").size()));
        List<MessageHandlerInterceptor<EventMessage<?>>> interceptors = List.of(writer.batchWrittenAfterItsLastEvent());
        batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch, interceptors, message -> {
            storedWhileHandling.add(all("batch_before_token").size());
            writer.put("batch_before_token", message.getPayload(), new Document("seen", true));
            return null;
        }).proceed());

        assertThat(storedWhileHandling).containsExactly(0, 0, 0);
        assertThat(storedWhenTheTokenIsStored).containsExactly(3);
        assertThat(durableCommits.get()).isEqualTo(before + 1);
    }

    @Test
    void aRolledBackUnitOfWorkWritesNothing() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        writer.put("rolled_back", "x", new Document("state", "never"));
        unitOfWork.rollback(new IllegalStateException("handler failed"));
        assertThat(all("rolled_back")).isEmpty();
    }

    @Test
    void aSecondaryIndexFindsTheMembersOfAKeyAndIgnoresRepeats() {
        SecondaryIndex byTrace = new SecondaryIndex(writer, "indexed", "trace");
        writer.put("indexed", "f1", new Document("trace", "t1"));
        writer.put("indexed", "f2", new Document("trace", "t1"));
        writer.put("indexed", "f3", new Document("trace", "t2"));
        byTrace.add("t1", "f1");
        byTrace.add("t1", "f2");
        byTrace.add("t1", "f2");
        byTrace.add("t2", "f3");
        assertThat(byTrace.find("t1", 100).map(d -> d.getString("_id")).collectList().block())
                .containsExactlyInAnyOrder("f1", "f2");
        assertThat(byTrace.find("t1", 1).collectList().block()).hasSize(1);
        assertThat(byTrace.find("nope", 100).collectList().block()).isEmpty();
    }

    @Test
    void aSecondaryIndexTakesTheMembersABatchAddsToAKeyTogether() {
        SecondaryIndex byDay = new SecondaryIndex(writer, "batched", "day");
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        for (int i = 0; i < 50; i++) {
            writer.put("batched", "f" + i, new Document("day", "d1"));
            byDay.add("d1", "f" + i);
        }
        byDay.add("d1", "f7");
        unitOfWork.commit();
        byDay.add("d1", "f50");
        assertThat(all(byDay.collectionName())).singleElement().satisfies(index ->
                assertThat(index.getList("ids", String.class)).hasSize(51).doesNotHaveDuplicates());
    }

    @Test
    void aBucketedSecondaryIndexSpreadsAKeysMembersAndStillReadsTheBareKey() {
        SecondaryIndex byDay = SecondaryIndex.bucketed(writer, "spread", "day", 8);
        writer.put("spread_by_day", "d1", new Document("ids", List.of("older")));
        writer.put("spread", "older", new Document("day", "d1"));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        for (int i = 0; i < 400; i++) {
            writer.put("spread", "f" + i, new Document("day", "d1"));
            byDay.add("d1", "f" + i);
        }
        unitOfWork.commit();
        byDay.add("d1", "f7");
        byDay.add("d2", "f400");
        List<Document> stored = all(byDay.collectionName());
        assertThat(stored).hasSizeGreaterThan(8).allSatisfy(index ->
                assertThat(index.getList("ids", String.class)).hasSizeLessThan(100).doesNotHaveDuplicates());
        assertThat(byDay.members(List.of("d1"), writer::collection).collectList().block())
                .hasSize(401).contains("older", "f0", "f7", "f399").doesNotContain("f400");
        assertThat(byDay.find("d1", 1000).collectList().block()).hasSize(401);
        assertThat(byDay.members(List.of("d1", "d2"), writer::collection).collectList().block()).hasSize(402);
    }

    @Test
    void deletingRemovesTheMatchingDocumentsAndDeletingAgainChangesNothing() {
        writer.put("pruned", "old-1", new Document("day", "2026-11-01"));
        writer.put("pruned", "old-2", new Document("day", "2026-11-01"));
        writer.put("pruned", "new", new Document("day", "2026-11-09"));
        writer.delete("pruned", Filters.lt("day", "2026-11-02"));
        writer.delete("pruned", Filters.lt("day", "2026-11-02"));
        assertThat(all("pruned")).extracting(d -> d.get("_id")).containsExactly("new");
    }

    @Test
    void droppingACollectionEmptiesItForARebuild() {
        writer.put("dropped", "x", new Document("v", 1));
        writer.drop("dropped");
        assertThat(all("dropped")).isEmpty();
        assertThat(Mono.from(database.getCollection("dropped").countDocuments()).block()).isZero();
    }
}
