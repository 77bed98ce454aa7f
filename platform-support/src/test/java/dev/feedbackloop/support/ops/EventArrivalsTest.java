package dev.feedbackloop.support.ops;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor that has caught up is called back when events arrive in the embedded event store, whose own streams
 * cannot call back (Axon's processor then looks only every 500 ms).
 */
class EventArrivalsTest {

    final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    final EventArrivals arrivals = new EventArrivals(store);

    @AfterEach
    void stop() {
        arrivals.close();
        store.shutDown();
    }

    @Test
    void aStreamOfTheEmbeddedStoreCannotCallBackByItselfButAHandledEventsStreamCan() {
        BlockingStream<TrackedEventMessage<?>> plain = store.openStream(null);
        assertThat(plain.setOnAvailableCallback(() -> { })).isFalse();

        BlockingStream<TrackedEventMessage<?>> handled =
                new HandledEventsSource(store, () -> type -> true, arrivals).openStream(null);
        assertThat(handled.setOnAvailableCallback(() -> { })).isTrue();

        BlockingStream<TrackedEventMessage<?>> withoutArrivals =
                new HandledEventsSource(store, () -> type -> true).openStream(null);
        assertThat(withoutArrivals.setOnAvailableCallback(() -> { })).isFalse();
    }

    @Test
    void aWaitingStreamIsCalledBackWhenAnEventIsPublishedAndNoLongerOnceClosed() throws Exception {
        publish("first");
        BlockingStream<TrackedEventMessage<?>> stream =
                new HandledEventsSource(store, () -> type -> true, arrivals).openStream(store.createHeadToken());
        Semaphore called = new Semaphore(0);
        stream.setOnAvailableCallback(called::release);
        waitUntilFollowing();
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
        }
        called.drainPermits();

        publish("second");

        assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).as("called back after the publication").isTrue();
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");

        stream.close();
        called.drainPermits();
        publish("third");
        publish("fourth");
        AtomicInteger other = new AtomicInteger();
        arrivals.onArrival(other::incrementAndGet);
        publish("fifth");
        await().atMost(Duration.ofSeconds(10)).until(() -> other.get() > 0);
        assertThat(called.availablePermits()).as("a closed stream is not called").isZero();
    }

    @Test
    void aProcessorCalledRecentlyIsCalledAgainOnlyOnceItsIntervalHasPassed() {
        EventArrivals hourly = new EventArrivals(store, Duration.ofHours(1));
        try {
            AtomicInteger first = new AtomicInteger();
            hourly.onArrival(first::incrementAndGet);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                publish("text");
                return first.get() > 0;
            });
            AtomicInteger second = new AtomicInteger();
            hourly.onArrival(second::incrementAndGet);
            publish("more text");
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get() > 0);

            assertThat(first.get()).as("called once within the hour, however many events arrived").isEqualTo(1);
        } finally {
            hourly.close();
        }
    }

    /** The follower opens its stream at the head when the first callback registers; an event then proves it follows. */
    private void waitUntilFollowing() {
        AtomicInteger probe = new AtomicInteger();
        EventArrivals.Registration registration = arrivals.onArrival(probe::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            publish("probe");
            return probe.get() > 0;
        });
        registration.close();
    }

    private void publish(Object payload) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage(payload)));
    }
}
