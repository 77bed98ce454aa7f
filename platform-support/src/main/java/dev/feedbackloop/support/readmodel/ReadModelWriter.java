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
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
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
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes read models. Inside an event processor's batch the writes are collected and sent as one ordered bulk
 * write per collection when the batch prepares to commit, that is before its tracking token is stored: a
 * crash then replays the batch, and since every write is an idempotent upsert keyed by the event's subject,
 * replaying changes nothing.
 * <p>
 * Before the first write of each event its text is checked ({@link EventText}): an event that no store could hold
 * fails its handler with {@link UnstorableEventException}, so it is dead-lettered alone instead of failing every
 * retry of the whole batch at commit.
 */
public class ReadModelWriter {

    private static final Logger log = LoggerFactory.getLogger(ReadModelWriter.class);
    private static final String BATCH = ReadModelWriter.class.getName() + ".batch";

    /**
     * The cursor batch size for queries that read many documents. The driver's default (101, then getMore) costs the
     * embedded server a pass over the whole collection per batch; one large batch costs one pass.
     */
    public static final int SCAN_BATCH = 5_000;

    private final MongoDatabase database;
    private final ReadModelDurability durability;
    private final Duration timeout;
    private final ReadModelIndexes indexes;

    public ReadModelWriter(MongoDatabase database, ReadModelDurability durability, Duration timeout) {
        this(database, durability, timeout, null);
    }

    /** @param indexes the declared indexes, created again for a collection a reset drops; null for none */
    public ReadModelWriter(MongoDatabase database, ReadModelDurability durability, Duration timeout,
                           ReadModelIndexes indexes) {
        this.database = database;
        this.durability = durability;
        this.timeout = timeout;
        this.indexes = indexes;
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /** Replaces (or inserts) the document with this id. */
    public void put(String collection, Object id, Document document) {
        guardCurrentEvent();
        document.put("_id", id);
        queue(collection, new ReplaceOneModel<>(new Document("_id", id), document, new ReplaceOptions().upsert(true)));
    }

    public void update(String collection, Bson filter, Bson update, boolean upsert) {
        guardCurrentEvent();
        queue(collection, new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(upsert)));
    }

    /** Updates every document matching the filter (never inserts); for changes by something other than the id. */
    public void updateMany(String collection, Bson filter, Bson update) {
        guardCurrentEvent();
        queue(collection, new com.mongodb.client.model.UpdateManyModel<>(filter, update));
    }

    /** Deletes the documents matching the filter; deleting what is already gone changes nothing. */
    public void delete(String collection, Bson filter) {
        guardCurrentEvent();
        queue(collection, new DeleteManyModel<>(filter));
    }

    /**
     * Runs {@code task} once per key when the current batch is written, before its writes are sent; outside a batch,
     * at once. For work that is cheaper for the whole batch at once than per event (such as embedding texts): the
     * task may queue writes of its own, which go with the batch.
     */
    public void beforeWrite(String key, Runnable task) {
        if (!CurrentUnitOfWork.isStarted()) {
            task.run();
            return;
        }
        batch().beforeWrite.putIfAbsent(key, task);
    }

    /**
     * Drops collections; used by a projection's reset handler before a replay rebuilds them. Their declared indexes
     * are created again at once, so the replay writes into indexed collections.
     */
    public void drop(String... collections) {
        // only those that exist: the embedded server answers a drop of a missing one with an error it logs, stack
        // and all, once per collection at every reset of a read model that had not written all of its collections
        durability.write(() -> Flux.from(database.listCollectionNames()).collect(java.util.stream.Collectors.toSet())
                .flatMapMany(existing -> Flux.fromArray(collections).filter(existing::contains))
                .concatMap(name -> Mono.from(database.getCollection(name).drop()))
                .then()
                .block(timeout));
        durability.afterBatchWritten();
        if (indexes != null) {
            for (String collection : collections) {
                indexes.ensure(collection);
            }
        }
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
     * Like {@link #accumulate}, for updates that are not idempotent by themselves, such as counters ($inc). When a batch
     * is replayed after a crash (its writes made, its token not stored), the events a document already holds are left
     * out. For that each document keeps
     * <ul>
     *     <li>{@value #POSITION_FIELD} and {@value #GAPS_FIELD}: index and gaps of the tracking token up to which it
     *     holds every event that touches it. An event is held when that token covers the event's token. The index
     *     alone would not do: an event committed late with a lower index comes with a token whose position is the
     *     highest index seen, which the document may already hold;</li>
     *     <li>{@value #EVENTS_FIELD}: the ids of the events of its last batch that lie above a gap of that token,
     *     because a replay after the gap was filled delivers them with tokens the stored one no longer covers.</li>
     * </ul>
     * Every event touching one document must therefore reach it in order from one processor segment: sequence the
     * processing group by the document's key.
     */
    public <A> void accumulateCounted(String collection, Object id, TrackingToken token, String eventId,
                                      Supplier<A> initial, Consumer<A> step, Function<A, Bson> toUpdate) {
        accumulateCounted(collection, id, token, eventId, initial, step, toUpdate, null);
    }

    /**
     * Like {@link #accumulateCounted(String, Object, TrackingToken, String, Supplier, Consumer, Function)}, writing
     * the document whole: {@code merge} gets the batch's state and the stored document (null for a new one) and
     * returns the document to store. For documents whose updates would name many fields (hundreds of counters), which
     * the embedded server checks pairwise; the processor is the document's only writer, so reading it first is safe.
     */
    public <A> void accumulateCountedInto(String collection, Object id, TrackingToken token, String eventId,
                                          Supplier<A> initial, Consumer<A> step, BiFunction<A, Document, Document> merge) {
        accumulateCounted(collection, id, token, eventId, initial, step, null, merge);
    }

    private <A> void accumulateCounted(String collection, Object id, TrackingToken token, String eventId,
                                       Supplier<A> initial, Consumer<A> step, Function<A, Bson> toUpdate,
                                       BiFunction<A, Document, Document> merge) {
        guardCurrentEvent();
        Batch batch = CurrentUnitOfWork.isStarted() ? batch() : new Batch();
        @SuppressWarnings("unchecked")
        Counted<A> counted = (Counted<A>) batch.counted.computeIfAbsent(collection + "\u0000" + id,
                k -> new Counted<>(collection, id, initial, toUpdate, merge, new ArrayList<>()));
        counted.steps().add(new Step<>(TokenCoverage.of(token), eventId, step));
        if (!CurrentUnitOfWork.isStarted()) {
            flush(batch);
        }
    }

    /** Where {@link #accumulateCounted} keeps the index of the token up to which a document holds every event. */
    public static final String POSITION_FIELD = "_pos";
    /** Where {@link #accumulateCounted} keeps the gaps of that token, if it has any. */
    public static final String GAPS_FIELD = "_gaps";
    /** Where {@link #accumulateCounted} keeps the ids of the last batch's events above such a gap. */
    public static final String EVENTS_FIELD = "_events";

    private record Step<A>(TokenCoverage coverage, String eventId, Consumer<A> step) {
    }

    /** What a document holds: every event its token covers, and the listed ones; and the document, when read whole. */
    private record Held(TokenCoverage coverage, Set<String> events, Document document) {
        boolean holds(Step<?> step) {
            return coverage.covers(step.coverage()) || events.contains(step.eventId());
        }
    }

    private record Counted<A>(String collection, Object id, Supplier<A> initial, Function<A, Bson> toUpdate,
                              BiFunction<A, Document, Document> merge, List<Step<A>> steps) {
        /** The update for the events the document does not hold yet, or null when it holds them all. */
        WriteModel<Document> toWrite(Held held, Document stored) {
            A state = initial.get();
            boolean added = false;
            TokenCoverage seen = held == null ? null : held.coverage();
            for (Step<A> s : steps) {
                if (held == null || !held.holds(s)) {
                    s.step().accept(state);
                    added = true;
                }
                seen = seen == null ? s.coverage() : seen.including(s.coverage());
            }
            if (!added) {
                return null;
            }
            TokenCoverage holds = seen;
            List<String> aboveAGap = steps.stream().filter(s -> holds.hasGapBelow(s.coverage().index()))
                    .map(Step::eventId).toList();
            if (merge != null) {
                Document whole = merge.apply(state, stored == null ? null : new Document(stored));
                whole.put("_id", id);
                whole.put(POSITION_FIELD, holds.index());
                whole.remove(GAPS_FIELD);
                whole.remove(EVENTS_FIELD);
                if (!holds.gaps().isEmpty()) {
                    whole.put(GAPS_FIELD, List.copyOf(holds.gaps()));
                }
                if (!aboveAGap.isEmpty()) {
                    whole.put(EVENTS_FIELD, aboveAGap);
                }
                return new ReplaceOneModel<>(new Document("_id", id), whole, new ReplaceOptions().upsert(true));
            }
            Bson gaps = holds.gaps().isEmpty() ? Updates.unset(GAPS_FIELD)
                    : Updates.set(GAPS_FIELD, List.copyOf(holds.gaps()));
            Bson events = aboveAGap.isEmpty() ? Updates.unset(EVENTS_FIELD) : Updates.set(EVENTS_FIELD, aboveAGap);
            return new UpdateOneModel<>(new Document("_id", id),
                    Updates.combine(toUpdate.apply(state), Updates.set(POSITION_FIELD, holds.index()), gaps, events),
                    new UpdateOptions().upsert(true));
        }
    }

    /** What the documents the counted accumulations of a batch touch already hold. */
    private Map<String, Held> held(Collection<Counted<?>> counted) {
        Map<String, Held> held = new HashMap<>();
        Map<String, List<Object>> idsByCollection = new LinkedHashMap<>();
        Set<String> whole = new java.util.HashSet<>();
        counted.forEach(c -> {
            idsByCollection.computeIfAbsent(c.collection(), k -> new ArrayList<>()).add(c.id());
            if (c.merge() != null) {
                whole.add(c.collection());
            }
        });
        idsByCollection.forEach((collection, ids) -> Flux.from(whole.contains(collection)
                        ? database.getCollection(collection).find(Filters.in("_id", ids))
                        : database.getCollection(collection).find(Filters.in("_id", ids))
                        .projection(Projections.include(POSITION_FIELD, GAPS_FIELD, EVENTS_FIELD)))
                .doOnNext(d -> {
                    if (d.get(POSITION_FIELD) instanceof Number position) {
                        List<Long> gaps = d.getList(GAPS_FIELD, Number.class, List.of()).stream()
                                .map(Number::longValue).toList();
                        held.put(collection + "\u0000" + d.get("_id"), new Held(
                                TokenCoverage.of(position.longValue(), gaps),
                                Set.copyOf(d.getList(EVENTS_FIELD, String.class, List.of())),
                                whole.contains(collection) ? d : null));
                    }
                })
                .then()
                .block(timeout));
        return held;
    }

    private record Accumulation<A>(String collection, Object id, A state, Function<A, Bson> toUpdate) {
        WriteModel<Document> toWrite() {
            return new UpdateOneModel<>(new Document("_id", id), toUpdate.apply(state), new UpdateOptions().upsert(true));
        }
    }

    /**
     * Checks the event being handled, once per event and batch. Outside an event handler (a query, a job) there is
     * none and nothing to check.
     */
    private void guardCurrentEvent() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        org.axonframework.messaging.Message<?> message = CurrentUnitOfWork.get().getMessage();
        if (!(message instanceof org.axonframework.eventhandling.EventMessage<?>)) {
            return;
        }
        if (batch().checked.add(message.getIdentifier())) {
            String problem = EventText.problem(message.getPayload());
            if (problem != null) {
                batch().checked.remove(message.getIdentifier());
                throw new UnstorableEventException(message.getPayloadType().getSimpleName(), problem);
            }
        }
    }

    /**
     * Writes a processor's batch as soon as its last event has been handled, before its unit of work prepares to
     * commit. Axon stores the processor's token in the first step of that preparation, and the token takes a database
     * connection (and the lock on the token's row) until the commit; writing the read models first keeps both only for
     * the token, not for the batch's deferred work ({@link #beforeWrite}) and the read-model store's commit, which
     * under load take far longer than the token. The order of the durable effects is unchanged: read models first,
     * then the token. A write made after this point still goes with the batch when it prepares to commit.
     */
    public MessageHandlerInterceptor<EventMessage<?>> batchWrittenAfterItsLastEvent() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            UnitOfWork<?> root = unitOfWork.root();
            if (root instanceof BatchingUnitOfWork<?> batching && batching.isLastMessage()) {
                Batch batch = root.getResource(BATCH);
                if (batch != null) {
                    flush(batch);
                }
            }
            return result;
        };
    }

    /** The writes of one processing batch, flushed after its last event or when its unit of work prepares to commit. */
    private static final class Batch {
        final Set<String> checked = new java.util.HashSet<>();
        final Map<String, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
        final Map<String, Accumulation<?>> accumulations = new LinkedHashMap<>();
        final Map<String, Counted<?>> counted = new LinkedHashMap<>();
        final Map<String, Runnable> beforeWrite = new LinkedHashMap<>();
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
        while (!batch.beforeWrite.isEmpty()) {
            List<Runnable> tasks = new ArrayList<>(batch.beforeWrite.values());
            batch.beforeWrite.clear();
            tasks.forEach(Runnable::run);
        }
        batch.accumulations.values().forEach(a ->
                batch.writes.computeIfAbsent(a.collection(), c -> new ArrayList<>()).add(a.toWrite()));
        batch.accumulations.clear();
        if (!batch.counted.isEmpty()) {
            Map<String, Held> held = held(batch.counted.values());
            batch.counted.forEach((key, c) -> {
                Held h = held.get(key);
                WriteModel<Document> write = c.toWrite(h, h == null ? null : h.document());
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
