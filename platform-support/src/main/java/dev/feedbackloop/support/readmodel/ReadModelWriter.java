package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes read models. Inside an event processor's batch the writes are collected and sent as one ordered bulk
 * write per collection when the batch prepares to commit, that is before its tracking token is stored: a
 * crash then replays the batch, and since every write is an idempotent upsert keyed by the event's subject,
 * replaying changes nothing.
 */
public class ReadModelWriter {

    private static final Logger log = LoggerFactory.getLogger(ReadModelWriter.class);
    private static final String BATCH = ReadModelWriter.class.getName() + ".batch";

    private final MongoDatabase database;
    private final ReadModelDurability durability;
    private final Duration timeout;

    public ReadModelWriter(MongoDatabase database, ReadModelDurability durability, Duration timeout) {
        this.database = database;
        this.durability = durability;
        this.timeout = timeout;
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /** Replaces (or inserts) the document with this id. */
    public void put(String collection, Object id, Document document) {
        document.put("_id", id);
        queue(collection, new ReplaceOneModel<>(new Document("_id", id), document, new ReplaceOptions().upsert(true)));
    }

    public void update(String collection, Bson filter, Bson update, boolean upsert) {
        queue(collection, new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(upsert)));
    }

    /** Drops collections; used by a projection's reset handler before a replay rebuilds them. */
    public void drop(String... collections) {
        durability.write(() -> Flux.fromArray(collections)
                .concatMap(name -> Mono.from(database.getCollection(name).drop()))
                .then()
                .block(timeout));
        durability.afterBatchWritten();
    }

    /**
     * Folds every event of a batch that touches one document into a single update, written with the batch. For
     * summaries updated by each event (a counter-free $max, $min or $addToSet per key), this turns a write per
     * event into a write per batch. {@code toUpdate} must be idempotent, like every other write here.
     */
    public <A> void accumulate(String collection, Object id, Supplier<A> initial, Consumer<A> step,
                               Function<A, Bson> toUpdate) {
        if (!CurrentUnitOfWork.isStarted()) {
            A single = initial.get();
            step.accept(single);
            update(collection, new Document("_id", id), toUpdate.apply(single), true);
            return;
        }
        Batch batch = batch();
        @SuppressWarnings("unchecked")
        Accumulation<A> accumulation = (Accumulation<A>) batch.accumulations.computeIfAbsent(
                collection + "\u0000" + id, k -> new Accumulation<>(collection, id, initial.get(), toUpdate));
        step.accept(accumulation.state());
    }

    private record Accumulation<A>(String collection, Object id, A state, Function<A, Bson> toUpdate) {
        WriteModel<Document> toWrite() {
            return new UpdateOneModel<>(new Document("_id", id), toUpdate.apply(state), new UpdateOptions().upsert(true));
        }
    }

    /** The writes of one processing batch, flushed when its unit of work prepares to commit. */
    private static final class Batch {
        final Map<String, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
        final Map<String, Accumulation<?>> accumulations = new LinkedHashMap<>();
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> flush(batch));
            return batch;
        });
    }

    private void queue(String collection, WriteModel<Document> model) {
        if (!CurrentUnitOfWork.isStarted()) {
            Batch single = new Batch();
            single.writes.put(collection, new ArrayList<>(List.of(model)));
            flush(single);
            return;
        }
        batch().writes.computeIfAbsent(collection, c -> new ArrayList<>()).add(model);
    }

    private void flush(Batch batch) {
        batch.accumulations.values().forEach(a ->
                batch.writes.computeIfAbsent(a.collection(), c -> new ArrayList<>()).add(a.toWrite()));
        batch.accumulations.clear();
        Map<String, List<WriteModel<Document>>> writes = batch.writes;
        if (writes.isEmpty()) {
            return;
        }
        durability.write(() -> Flux.fromIterable(writes.entrySet())
                .concatMap(e -> Mono.from(database.getCollection(e.getKey())
                        .bulkWrite(e.getValue(), new BulkWriteOptions().ordered(true))))
                .then()
                .block(timeout));
        if (log.isDebugEnabled()) {
            writes.forEach((collection, models) -> log.debug("Wrote {} changes to {}: {}", models.size(), collection,
                    models.stream().map(m -> m instanceof ReplaceOneModel<Document> r ? r.getFilter().toString()
                            : m instanceof UpdateOneModel<Document> u ? u.getFilter().toString() : m.toString()).toList()));
        }
        writes.clear();
        durability.afterBatchWritten();
        log.debug("Read-model batch made durable");
    }
}
