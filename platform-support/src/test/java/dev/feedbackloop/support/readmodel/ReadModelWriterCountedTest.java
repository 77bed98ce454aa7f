package dev.feedbackloop.support.readmodel;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters ($inc) are not idempotent, so {@link ReadModelWriter#accumulateCounted} lets each document remember the
 * position of the last event it holds: a batch replayed after a crash (its writes made, its token not stored) must
 * add only what the documents do not hold yet.
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
    record Event(String document, long position) {
    }

    void fold(Event event) {
        writer.accumulateCounted(COUNTERS, event.document(), event.position(), () -> new long[2],
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
        writer.accumulateCounted("other", "x", 4, () -> new long[1], n -> n[0]++, n -> Updates.inc("events", n[0]));

        assertThat(Flux.from(database.getCollection("other").find()).collectList().block())
                .containsExactly(new Document("_id", "x").append("events", 1L).append(ReadModelWriter.POSITION_FIELD, 4L));
        assertThat(List.copyOf(stored().values())).containsExactly(counter("x", 4, 1, 4));
    }
}
