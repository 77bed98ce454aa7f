package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters ($inc) are not idempotent, so {@link ReadModelWriter#accumulateCounted} lets each document remember which
 * events it holds: a batch replayed after a crash (its writes made, its token not stored) must add only what the
 * documents do not hold yet, and an event committed late with a lower index must still be added.
 */
class ReadModelWriterCountedTest {

    static final String COUNTERS = "counters";

    MongoServer server;
    MongoClient client;
    MongoDatabase database;
    ReadModelWriter writer;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        database = client.getDatabase("counted");
        writer = new ReadModelWriter(database, ReadModelDurability.ALREADY_DURABLE, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    /** The event at {@code position} adds {@code position} to the document's sum and one to its count. */
    record Event(String document, long position, TrackingToken token) {
        Event(String document, long position) {
            this(document, position, new GlobalSequenceTrackingToken(position));
        }
    }

    void fold(Event event) {
        writer.accumulateCounted(COUNTERS, event.document(), event.token(), "event-" + event.position(),
                () -> new long[2],
                state -> {
                    state[0] += event.position();
                    state[1]++;
                },
                state -> Updates.combine(Updates.inc("sum", state[0]), Updates.inc("events", state[1])));
    }

    /** One processor batch: every event folded in one unit of work, written when it commits. */
    void batch(Event... events) {
        Map<Object, Document> before = stored();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        for (Event event : events) {
            fold(event);
        }
        assertThat(stored()).as("nothing is written before the batch commits").isEqualTo(before);
        unitOfWork.commit();
    }

    Map<Object, Document> stored() {
        return Flux.from(database.getCollection(COUNTERS).find()).collectList().block().stream()
                .collect(Collectors.toMap(d -> d.get("_id"), Function.identity()));
    }

    Map<Object, Document> afterBatch(Event... events) {
        batch(events);
        return stored();
    }

    static Document counter(String id, long sum, long events, long position) {
        return new Document("_id", id).append("sum", sum).append("events", events)
                .append(ReadModelWriter.POSITION_FIELD, position);
    }

    @Test
    void replayingABatchWhoseEventsTheDocumentsHoldChangesNothing() {
        Event[] batch = {new Event("x", 1), new Event("y", 2), new Event("x", 3), new Event("x", 4)};
        Map<Object, Document> first = afterBatch(batch);
        // x: events 1, 3, 4 -> sum 8, 3 events, last position 4; y: event 2
        assertThat(first).containsOnly(Map.entry("x", counter("x", 8, 3, 4)), Map.entry("y", counter("y", 2, 1, 2)));

        assertThat(afterBatch(batch)).isEqualTo(first);
        assertThat(afterBatch(batch)).isEqualTo(first);
    }

    @Test
    void aBatchMixingHeldAndNewEventsAddsOnlyTheNewOnes() {
        afterBatch(new Event("x", 1), new Event("x", 2), new Event("y", 2));

        // the replay reaches further: x holds 1 and 2 and gains 5 and 7; y holds 2 and gains 6; z is new
        Map<Object, Document> replayed = afterBatch(new Event("x", 1), new Event("x", 2), new Event("y", 2),
                new Event("x", 5), new Event("y", 6), new Event("x", 7), new Event("z", 7));

        // x: 1 + 2 + 5 + 7 = 15 over 4 events; y: 2 + 6 = 8 over 2; z: 7
        assertThat(replayed).containsOnly(Map.entry("x", counter("x", 15, 4, 7)),
                Map.entry("y", counter("y", 8, 2, 6)), Map.entry("z", counter("z", 7, 1, 7)));
    }

    @Test
    void aBatchOfOnlyHeldEventsForOneDocumentStillWritesTheNewEventsOfAnother() {
        afterBatch(new Event("x", 3));

        Map<Object, Document> next = afterBatch(new Event("x", 3), new Event("y", 4));

        assertThat(next).containsOnly(Map.entry("x", counter("x", 3, 1, 3)), Map.entry("y", counter("y", 4, 1, 4)));
    }

    @Test
    void outsideAUnitOfWorkACountedAccumulationIsWrittenAtOnce() {
        fold(new Event("x", 5));
        assertThat(stored()).containsOnly(Map.entry("x", counter("x", 5, 1, 5)));

        fold(new Event("x", 5));
        assertThat(stored()).as("the event it holds").containsOnly(Map.entry("x", counter("x", 5, 1, 5)));

        fold(new Event("x", 9));
        assertThat(stored()).containsOnly(Map.entry("x", counter("x", 14, 2, 9)));
    }

    @Test
    void aRolledBackBatchCountsNothing() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        fold(new Event("x", 1));
        unitOfWork.rollback(new IllegalStateException("handler failed"));

        assertThat(stored()).isEmpty();
        batch(new Event("x", 1));
        assertThat(stored()).containsOnly(Map.entry("x", counter("x", 1, 1, 1)));
    }

    @Test
    void heldEventsAreToldApartPerCollection() {
        batch(new Event("x", 4));
        writer.accumulateCounted("other", "x", new GlobalSequenceTrackingToken(4), "event-4", () -> new long[1],
                n -> n[0]++, n -> Updates.inc("events", n[0]));

        assertThat(Flux.from(database.getCollection("other").find()).collectList().block())
                .containsExactly(new Document("_id", "x").append("events", 1L).append(ReadModelWriter.POSITION_FIELD, 4L));
        assertThat(List.copyOf(stored().values())).containsExactly(counter("x", 4, 1, 4));
    }

    /** Tokens as a SQL event store hands them out: {@code seen} after {@code position}, with what is still missing. */
    static GapAwareTrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, List.of(gaps));
    }

    @Test
    void anEventCommittedLateWithALowerIndexIsCountedAfterAHigherOne() {
        // 11 is delivered while 10 is still being committed; then 10 comes, with a token whose position is still 11
        GapAwareTrackingToken eleven = token(11, 10L);
        GapAwareTrackingToken ten = eleven.advanceTo(10, 10_000);
        assertThat(ten.position()).hasValue(11);

        Map<Object, Document> first = afterBatch(new Event("x", 11, eleven));
        assertThat(first.get("x")).isEqualTo(counter("x", 11, 1, 11).append(ReadModelWriter.GAPS_FIELD, List.of(10L))
                .append(ReadModelWriter.EVENTS_FIELD, List.of("event-11")));

        // 11 + 10 over 2 events; nothing is missing any more
        assertThat(afterBatch(new Event("x", 10, ten))).containsOnly(Map.entry("x", counter("x", 21, 2, 11)));
        assertThat(afterBatch(new Event("x", 10, ten))).containsOnly(Map.entry("x", counter("x", 21, 2, 11)));
    }

    @Test
    void aRunOfLateEventsSpreadOverSeveralBatchesIsCountedWhole() {
        // another writer's event 20 committed first: 10..19 arrive afterwards, all with tokens at index 20
        GapAwareTrackingToken token = token(20, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        Event[] late = new Event[10];
        for (int i = 0; i < 10; i++) {
            token = token.advanceTo(10 + i, 10_000);
            late[i] = new Event("x", 10 + i, token);
        }

        batch(Arrays.copyOfRange(late, 0, 5));
        Map<Object, Document> after = afterBatch(Arrays.copyOfRange(late, 5, 10));

        // 10 + 11 + ... + 19 = 145 over 10 events
        assertThat(after).containsOnly(Map.entry("x", counter("x", 145, 10, 20)));
    }

    @Test
    void aReplayedBatchIsLeftOutEvenWhenAGapBelowItWasFilledBeforeTheReplay() {
        GapAwareTrackingToken stored = token(9);
        // the batch that was written before the crash: 11 while 10 was still being committed
        afterBatch(new Event("x", 11, stored.advanceTo(11, 10_000)));

        // after the restart 10 is committed: the replay from the stored token delivers 10, then 11 with no gap
        GapAwareTrackingToken ten = stored.advanceTo(10, 10_000);
        Map<Object, Document> replayed = afterBatch(new Event("x", 10, ten), new Event("x", 11, ten.advanceTo(11, 10_000)));

        // 11 once, 10 added: 21 over 2 events
        assertThat(replayed).containsOnly(Map.entry("x", counter("x", 21, 2, 11)));
    }
}
