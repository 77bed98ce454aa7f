package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteManyModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
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
import java.util.Collection;
import java.util.HashMap;
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

    /** Deletes the documents matching the filter; deleting what is already gone changes nothing. */
    public void delete(String collection, Bson filter) {
        queue(collection, new DeleteManyModel<>(filter));
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

    /**
     * Like {@link #accumulate}, for updates that are not idempotent by themselves, such as counters ($inc). Each
     * document remembers the position of the last event folded into it ({@value #POSITION_FIELD}); when a batch is
     * replayed after a crash, the events a document already holds are left out. Every event touching one document
     * must therefore reach it in position order from one processor segment: sequence the processing group by the
     * document's key.
     */
    public <A> void accumulateCounted(String collection, Object id, long position, Supplier<A> initial,
                                      Consumer<A> step, Function<A, Bson> toUpdate) {
        Batch batch = CurrentUnitOfWork.isStarted() ? batch() : new Batch();
        @SuppressWarnings("unchecked")
        Counted<A> counted = (Counted<A>) batch.counted.computeIfAbsent(collection + "\u0000" + id,
                k -> new Counted<>(collection, id, initial, toUpdate, new ArrayList<>()));
        counted.steps().add(new Step<>(position, step));
        if (!CurrentUnitOfWork.isStarted()) {
            flush(batch);
        }
    }

    /** The field in which {@link #accumulateCounted} keeps the position of the last event a document holds. */
    public static final String POSITION_FIELD = "_pos";

    private record Step<A>(long position, Consumer<A> step) {
    }

    private record Counted<A>(String collection, Object id, Supplier<A> initial, Function<A, Bson> toUpdate,
                              List<Step<A>> steps) {
        /** The update for the events after {@code applied}, or null when the document already holds them all. */
        WriteModel<Document> toWrite(long applied) {
            A state = initial.get();
            long last = applied;
            for (Step<A> s : steps) {
                if (s.position() > applied) {
                    s.step().accept(state);
                    last = Math.max(last, s.position());
                }
            }
            if (last == applied) {
                return null;
            }
            return new UpdateOneModel<>(new Document("_id", id),
                    Updates.combine(toUpdate.apply(state), Updates.max(POSITION_FIELD, last)),
                    new UpdateOptions().upsert(true));
        }
    }

    /** Positions already held by the documents the counted accumulations of a batch touch. */
    private Map<String, Long> appliedPositions(Collection<Counted<?>> counted) {
        Map<String, Long> applied = new HashMap<>();
        Map<String, List<Object>> idsByCollection = new LinkedHashMap<>();
        counted.forEach(c -> idsByCollection.computeIfAbsent(c.collection(), k -> new ArrayList<>()).add(c.id()));
        idsByCollection.forEach((collection, ids) -> Flux.from(database.getCollection(collection)
                        .find(Filters.in("_id", ids)).projection(Projections.include(POSITION_FIELD)))
                .doOnNext(d -> {
                    Object position = d.get(POSITION_FIELD);
                    if (position instanceof Number n) {
                        applied.put(collection + "\u0000" + d.get("_id"), n.longValue());
                    }
                })
                .then()
                .block(timeout));
        return applied;
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
        final Map<String, Counted<?>> counted = new LinkedHashMap<>();
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
        if (!batch.counted.isEmpty()) {
            Map<String, Long> applied = appliedPositions(batch.counted.values());
            batch.counted.forEach((key, c) -> {
                WriteModel<Document> write = c.toWrite(applied.getOrDefault(key, -1L));
                if (write != null) {
                    batch.writes.computeIfAbsent(c.collection(), k -> new ArrayList<>()).add(write);
                }
            });
            batch.counted.clear();
        }
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
                            : m instanceof UpdateOneModel<Document> u ? u.getFilter().toString()
                            : m instanceof DeleteManyModel<Document> d ? "delete " + d.getFilter() : m.toString()).toList()));
        }
        writes.clear();
        durability.afterBatchWritten();
        log.debug("Read-model batch made durable");
    }
}
