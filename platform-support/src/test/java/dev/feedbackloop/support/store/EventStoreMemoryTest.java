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
                new DeserializedOnceStorageEngine(endless), null, null);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 5 && !stop.get(); i++) { // slowly first: the store's producer catches up each time
                    endless.write(1);
                    Thread.sleep(150);
                }
                while (endless.written() < 40_000 && !stop.get()) { // then a burst
                    endless.write(250);
                    Thread.sleep(2);
                }
                while (!stop.get()) { // and never a pause long enough for the producer to catch up
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
            while (endless.producerOpened() < 40_000 && System.nanoTime() < readBy) {
                Thread.sleep(20);
            }
            assertThat(endless.producerOpened()).as("events the store's producer read").isGreaterThanOrEqualTo(40_000);

            long deadline = System.nanoTime() + 3_000_000_000L;
            long alive;
            do {
                System.gc();
                Thread.sleep(50);
                alive = endless.producerStillInMemory();
            } while (alive > CACHED + 2_000 && System.nanoTime() < deadline);
            assertThat(alive).as("events the producer read that are still in memory").isLessThanOrEqualTo(CACHED + 2_000);
            stop.set(true);
            consumer.join(5_000);
            writer.join(5_000);
        } finally {
            stop.set(true);
            store.shutDown();
        }
    }

    /**
     * A store that is being written to: the producer's stream ({@code mayBlock}) waits for each next event and ends only
     * after 100 ms without one, as a real stream ends on a batch that is not full; other streams end at the head.
     */
    private static final class EndlessEngine implements EventStorageEngine {

        private final AtomicLong written = new AtomicLong();
        private final List<WeakReference<byte[]>> producerPayloads = Collections.synchronizedList(new ArrayList<>());

        void write(int n) {
            written.addAndGet(n);
        }

        long written() {
            return written.get();
        }

        long producerOpened() {
            return producerPayloads.size();
        }

        long producerStillInMemory() {
            synchronized (producerPayloads) {
                return producerPayloads.stream().filter(p -> p.get() != null).count();
            }
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            written.addAndGet(events.size());
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            long from = token == null ? 0 : ((GlobalSequenceTrackingToken) token).getGlobalIndex() + 1;
            if (!mayBlock) {
                return LongStream.range(from, written.get()).mapToObj(i -> event(i, new byte[1024]));
            }
            Iterator<TrackedEventMessage<?>> waiting = new Iterator<>() {
                long next = from;

                @Override
                public boolean hasNext() {
                    long waitUntil = System.nanoTime() + 100_000_000L;
                    while (next >= written.get()) {
                        if (System.nanoTime() > waitUntil) {
                            return false;
                        }
                        LockSupport.parkNanos(1_000_000L);
                    }
                    return true;
                }

                @Override
                public TrackedEventMessage<?> next() {
                    byte[] payload = new byte[1024];
                    producerPayloads.add(new WeakReference<>(payload));
                    return event(next++, payload);
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(waiting, Spliterator.ORDERED), false);
        }

        private static TrackedEventMessage<?> event(long i, byte[] payload) {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(i), new GenericEventMessage<>(payload));
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
    }

    /** Stores only a count; each read makes new events with a 1 KiB payload and remembers them weakly. */
    private static final class SyntheticEngine implements EventStorageEngine {

        private final AtomicLong stored = new AtomicLong();
        private final List<WeakReference<byte[]>> payloads = Collections.synchronizedList(new ArrayList<>());

        long opened() {
            return payloads.size();
        }

        long stillInMemory() {
            synchronized (payloads) {
                return payloads.stream().filter(p -> p.get() != null).count();
            }
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            stored.addAndGet(events.size());
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            long from = token == null ? 0 : ((GlobalSequenceTrackingToken) token).getGlobalIndex() + 1;
            return LongStream.range(from, stored.get()).mapToObj(i -> {
                byte[] payload = new byte[1024];
                payloads.add(new WeakReference<>(payload));
                return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(i), new GenericEventMessage<>(payload));
            });
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
            long n = stored.get();
            return n == 0 ? null : new GlobalSequenceTrackingToken(n - 1);
        }
    }
}
