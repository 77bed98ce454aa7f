package dev.feedbackloop.support.ops;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor reads the events it handles and, of each run of others, only the last available one: its position still
 * moves past every event, as soon as the event is there.
 */
class HandledEventsSourceTest {

    /** Events at positions 0..n-1, of which the first {@code available} have arrived. */
    static final class Arriving implements BlockingStream<TrackedEventMessage<?>> {
        final List<TrackedEventMessage<?>> events = new ArrayList<>();
        int available;
        int read;

        void arrive(Object... payloads) {
            for (Object payload : payloads) {
                events.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(events.size()),
                        GenericEventMessage.asEventMessage(payload)));
            }
            available = events.size();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return read < available ? Optional.of(events.get(read)) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return read < available;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return events.get(read++);
        }

        @Override
        public void close() {
        }
    }

    final Arriving store = new Arriving();
    final StreamableMessageSource<TrackedEventMessage<?>> source = new StreamableMessageSource<>() {
        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            return store;
        }
    };
    /** A processor handling Integer payloads only. */
    final BlockingStream<TrackedEventMessage<?>> stream =
            new HandledEventsSource(source, () -> Integer.class::equals).openStream(null);

    @Test
    void ofEachRunOfUnhandledEventsOnlyTheLastIsDelivered() throws Exception {
        store.arrive("a", "b", "c", 1, 2, "d", "e");

        assertThat(drain()).containsExactly(2L, 3L, 4L, 6L);
    }

    @Test
    void anUnhandledEventIsDeliveredAtOnceWhenNothingFollowsItYet() throws Exception {
        store.arrive("a");
        assertThat(drain()).containsExactly(0L);

        store.arrive("b", "c");
        assertThat(drain()).containsExactly(2L);

        store.arrive(1);
        assertThat(drain()).containsExactly(3L);
    }

    @Test
    void aLongRunStillMovesThePositionEveryThousandEvents() throws Exception {
        Object[] traces = new Object[2_500];
        java.util.Arrays.fill(traces, "trace");
        store.arrive(traces);

        assertThat(drain()).containsExactly(1_000L, 2_001L, 2_499L);
    }

    @Test
    void peekShowsTheEventThatIsDeliveredNext() throws Exception {
        store.arrive("a", "b", 1);

        assertThat(stream.peek()).map(e -> e.trackingToken().position().orElseThrow()).contains(1L);
        assertThat(stream.nextAvailable().trackingToken().position()).hasValue(1L);
        assertThat(stream.peek()).map(e -> (Object) e.getPayload()).contains((Object) 1);
    }

    @NewestEventOnly
    static final class PositionWatch {
        @org.axonframework.eventhandling.EventHandler(payloadType = Object.class)
        void on(TrackingToken token) {
        }
    }

    static final class EveryEvent {
        @org.axonframework.eventhandling.EventHandler(payloadType = Object.class)
        void on(TrackingToken token) {
        }
    }

    @Test
    void aGroupThatNeedsOnlyTheNewestEventIsDeliveredTheLastOfEachRun() throws Exception {
        // as Axon builds a processor's invoker: one invoker per handler group, inside a multi-invoker
        var watch = new org.axonframework.eventhandling.MultiEventHandlerInvoker(
                org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder().eventHandlers(new PositionWatch()).build());
        var every = org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder().eventHandlers(new EveryEvent()).build();
        assertThat(EventProcessingSetup.handledBy(every).test(String.class)).isTrue();
        assertThat(EventProcessingSetup.handledBy(watch).test(String.class)).isFalse();
        assertThat(EventProcessingSetup.handledBy(watch).test(Integer.class)).isFalse();
        assertThat(EventProcessingSetup.handledBy(new org.axonframework.eventhandling.MultiEventHandlerInvoker(watch, every))
                .test(String.class)).as("a group that also holds other handlers reads every event").isTrue();

        BlockingStream<TrackedEventMessage<?>> newest = new HandledEventsSource(source, () -> EventProcessingSetup.handledBy(watch))
                .openStream(null);
        store.arrive("a", 1, "b", 2, 3);
        List<Long> delivered = new ArrayList<>();
        while (newest.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
            delivered.add(newest.nextAvailable().trackingToken().position().orElseThrow());
        }
        assertThat(delivered).containsExactly(4L);
    }

    @Test
    void eachHandlerGroupIsToldApartWhenItsProcessorIsBuilt() {
        // the shared processor configuration sees only the builder: without the name no group gets its own source
        var builder = org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor.builder().name("analysis-metrics");

        assertThat(EventProcessingSetup.processorName(builder)).isEqualTo("analysis-metrics");
    }

    private List<Long> drain() throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        while (stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
            positions.add(stream.nextAvailable().trackingToken().position().orElseThrow());
        }
        return positions;
    }
}
