package dev.feedbackloop.support.store;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store must not keep old events in memory, whatever its processors and writers do. Its producer reads new
 * events once and hands them to every caught-up processor from one shared, linked list of the latest 10,000; any
 * reference to an old entry of that list keeps every later one reachable.
 * <ul>
 *   <li>A processor that stops reading holds its place in the list until the store notices it fell behind and moves
 *   it to a stream of its own: at Axon's default check every 10 s, ten seconds of writes.</li>
 *   <li>The producer itself held the list's newest entry from when it opened its stream until that stream ended, and
 *   under sustained writes it never ended: the heap filled under OTLP load (240,000 events after four minutes).</li>
 * </ul>
 */
class EventStoreMemoryTest {

    private static final int CACHED = 10_000;
    private static final int WRITTEN_WHILE_LAGGING = 30_000;

    @Test
    void aProcessorThatStopsReadingHoldsNoMoreThanTheCacheAfterAboutASecond() throws Exception {
        SyntheticEngine engine = new SyntheticEngine();
        EmbeddedEventStore store = EventStoreAutoConfiguration.embeddedEventStore(engine, null, null);
        try (BlockingStream<TrackedEventMessage<?>> lagging = store.openStream(null)) {
            // a few events read as they come: the processor is caught up and reads from the store's shared list
            for (int i = 0; i < 3; i++) {
                store.publish(new GenericEventMessage<>("warm-up"));
                Thread.sleep(200);
                assertThat(lagging.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
                lagging.nextAvailable();
            }
            assertThat(lagging.hasNextAvailable()).isFalse();

            List<EventMessage<?>> burst = new ArrayList<>(WRITTEN_WHILE_LAGGING);
            for (int i = 0; i < WRITTEN_WHILE_LAGGING; i++) {
                burst.add(new GenericEventMessage<>("burst"));
            }
            store.publish(burst);
            long readBy = System.nanoTime() + 5_000_000_000L;
            while (engine.opened() < 3 + WRITTEN_WHILE_LAGGING && System.nanoTime() < readBy) {
                Thread.sleep(10);
            }
            assertThat(engine.opened()).as("events the store's producer read").isGreaterThanOrEqualTo(3 + WRITTEN_WHILE_LAGGING);

            // the store was created well under the 10 s of Axon's default check: only the configured one can help
            long deadline = System.nanoTime() + 3_000_000_000L;
            long alive;
            do {
                System.gc();
                Thread.sleep(50);
                alive = engine.stillInMemory();
            } while (alive > CACHED + 2_000 && System.nanoTime() < deadline);
            assertThat(alive).as("events still in memory while the processor reads nothing").isLessThanOrEqualTo(CACHED + 2_000);

            // and the processor still gets every event, now from a stream of its own
            int received = 0;
            while (received < WRITTEN_WHILE_LAGGING && lagging.hasNextAvailable(5, TimeUnit.SECONDS)) {
                lagging.nextAvailable();
                received++;
            }
            assertThat(received).isEqualTo(WRITTEN_WHILE_LAGGING);
        } finally {
            store.shutDown();
        }
    }

    @Test
    void sustainedWritesKeepNoMoreThanTheCacheInMemory() throws Exception {
        EndlessEngine endless = new EndlessEngine();
        EmbeddedEventStore store = EventStoreAutoConfiguration.embeddedEventStore(
                new ReadOnceStorageEngine(endless), null, null);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 5 && !stop.get(); i++) { // slowly first: the store's producer catches up each time
                    endless.write(1);
                    Thread.sleep(150);
                }
                endless.pausesEndStreams = false;
                while (endless.written() < 40_000 && !stop.get()) { // then a burst
                    endless.write(250);
                    Thread.sleep(2);
                }
                while (!stop.get()) { // and writes that go on
                    endless.write(1);
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "writer");
        try (BlockingStream<TrackedEventMessage<?>> reader = store.openStream(null)) {
            Thread consumer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (reader.hasNextAvailable(50, TimeUnit.MILLISECONDS)) {
                            reader.nextAvailable();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "caught-up-processor");
            consumer.start();
            writer.start();
            long readBy = System.nanoTime() + 20_000_000_000L;
            while (endless.opened() < 40_000 && System.nanoTime() < readBy) {
                Thread.sleep(20);
            }
            assertThat(endless.opened()).as("events the store's producer read").isGreaterThanOrEqualTo(40_000);

            long deadline = System.nanoTime() + 3_000_000_000L;
            long alive;
            do {
                System.gc();
                Thread.sleep(50);
                alive = endless.stillInMemory();
            } while (alive > CACHED + 2_000 && System.nanoTime() < deadline);
            assertThat(alive).as("events the producer read that are still in memory").isLessThanOrEqualTo(CACHED + 2_000);
            stop.set(true);
            consumer.join(5_000);
            writer.join(5_000);
        } finally {
            stop.set(true);
            endless.closed = true;
            store.shutDown();
        }
    }

    /**
     * An event store that keeps only a count of its events: each read makes new ones with a 1 KiB payload, and the
     * payloads of the reads that {@link #tracked} are remembered weakly, to tell how many are still in memory.
     */
    private abstract static class CountingEngine implements EventStorageEngine {

        final AtomicLong written = new AtomicLong();
        private final List<WeakReference<byte[]>> payloads = Collections.synchronizedList(new ArrayList<>());

        /** Whether the events of this read are counted. */
        abstract boolean tracked(boolean mayBlock);

        long opened() {
            return payloads.size();
        }

        long stillInMemory() {
            synchronized (payloads) {
                return payloads.stream().filter(p -> p.get() != null).count();
            }
        }

        TrackedEventMessage<?> event(long index, boolean mayBlock) {
            byte[] payload = new byte[1024];
            if (tracked(mayBlock)) {
                payloads.add(new WeakReference<>(payload));
            }
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index), new GenericEventMessage<>(payload));
        }

        static long after(TrackingToken token) {
            return token == null ? 0 : ((GlobalSequenceTrackingToken) token).getGlobalIndex() + 1;
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            written.addAndGet(events.size());
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return DomainEventStream.empty();
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.empty();
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }

        @Override
        public TrackingToken createHeadToken() {
            long n = written.get();
            return n == 0 ? null : new GlobalSequenceTrackingToken(n - 1);
        }
    }

    /** Every read, the producer's and the processors', ends at the head and is counted. */
    private static final class SyntheticEngine extends CountingEngine {

        @Override
        boolean tracked(boolean mayBlock) {
            return true;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            return LongStream.range(after(token), written.get()).mapToObj(i -> event(i, mayBlock));
        }
    }

    /**
     * A store that is being written to: the producer's stream ({@code mayBlock}, the one counted) waits for each next
     * event. While {@link #pausesEndStreams}, it ends after 100 ms without one, as a real stream ends on a batch that is
     * not full; after that it ends only when the store closes, as a real one does while a full batch is always waiting
     * (whatever the machine's load does to the writer). Other streams end at the head.
     */
    private static final class EndlessEngine extends CountingEngine {

        volatile boolean pausesEndStreams = true;
        volatile boolean closed;

        void write(int n) {
            written.addAndGet(n);
        }

        long written() {
            return written.get();
        }

        @Override
        boolean tracked(boolean mayBlock) {
            return mayBlock;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            long from = after(token);
            if (!mayBlock) {
                return LongStream.range(from, written.get()).mapToObj(i -> event(i, false));
            }
            Iterator<TrackedEventMessage<?>> waiting = new Iterator<>() {
                long next = from;

                @Override
                public boolean hasNext() {
                    long waitUntil = System.nanoTime() + 100_000_000L;
                    while (next >= written.get()) {
                        if (closed || (pausesEndStreams && System.nanoTime() > waitUntil)) {
                            return false;
                        }
                        LockSupport.parkNanos(1_000_000L);
                    }
                    return true;
                }

                @Override
                public TrackedEventMessage<?> next() {
                    return event(next++, true);
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(waiting, Spliterator.ORDERED), false);
        }
    }
}
