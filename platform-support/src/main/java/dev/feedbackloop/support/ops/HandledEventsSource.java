package dev.feedbackloop.support.ops;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One processor's view of the event store: every event it handles, and of each run of events it does not handle only
 * the last one available. The token of that last event covers the ones before it, so the processor's position moves
 * past them as before, without its coordinator offering each one to every work package.
 * <p>
 * Axon offers every event of the store to every work package of every processor, which checks it, queues it and moves
 * its token over it. Most events are handled by few processors: a store of a million events, most of them traces, was
 * offered 25 million times in a full rebuild, and 22 of the 25 read models handled none of the traces. Checking an
 * event's type here costs a map lookup.
 * <p>
 * A run ends at an event the processor handles, when nothing more is available right now (so a caught-up processor
 * moves past an event as soon as it arrives), or after {@link #LONGEST_RUN} events, so that a long run of others still
 * moves the processor's position and lets its coordinator do its other work.
 * <p>
 * A processor that has caught up is called back through {@link EventArrivals} when events arrive (the embedded event
 * store's own streams cannot call back, and Axon's processor then looks every 500 ms).
 */
public final class HandledEventsSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** The most events passed over before one is delivered anyway. */
    static final int LONGEST_RUN = 1_000;

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final Supplier<Predicate<Class<?>>> handles;
    private final EventArrivals arrivals;

    /**
     * @param store   the event store
     * @param handles whether the processor handles a payload type; asked when a stream opens, once the processor exists
     */
    public HandledEventsSource(StreamableMessageSource<TrackedEventMessage<?>> store, Supplier<Predicate<Class<?>>> handles) {
        this(store, handles, null);
    }

    /**
     * @param arrivals calls a stream's processor back when events arrive, where the store's own stream cannot (null:
     *                 the processor looks by itself, every 500 ms once caught up)
     */
    public HandledEventsSource(StreamableMessageSource<TrackedEventMessage<?>> store, Supplier<Predicate<Class<?>>> handles,
                               EventArrivals arrivals) {
        this.store = store;
        this.handles = handles;
        this.arrivals = arrivals;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new HandledEvents(store.openStream(trackingToken), handles.get(), arrivals);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    static final class HandledEvents implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final Predicate<Class<?>> handles;
        private final EventArrivals arrivals;
        private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
        private TrackedEventMessage<?> next;
        private volatile EventArrivals.Registration callback;

        HandledEvents(BlockingStream<TrackedEventMessage<?>> events, Predicate<Class<?>> handles, EventArrivals arrivals) {
            this.events = events;
            this.handles = handles;
            this.arrivals = arrivals;
        }

        private boolean handled(TrackedEventMessage<?> event) {
            return handledTypes.computeIfAbsent(event.getPayloadType(), handles::test);
        }

        /** Takes the next event to deliver, passing over the run of unhandled events before the last available one. */
        private boolean fill(int timeout, TimeUnit unit) throws InterruptedException {
            if (next != null) {
                return true;
            }
            if (!events.hasNextAvailable(timeout, unit)) {
                return false;
            }
            TrackedEventMessage<?> event = events.nextAvailable();
            for (int passed = 0; !handled(event) && passed < LONGEST_RUN; passed++) {
                Optional<TrackedEventMessage<?>> after = events.peek();
                if (after.isEmpty() || handled(after.get())) {
                    break;
                }
                event = events.nextAvailable();
            }
            next = event;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                return fill(0, TimeUnit.NANOSECONDS) ? Optional.of(next) : Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return fill(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!fill(1, TimeUnit.SECONDS)) {
                // blocks like the store's own stream until an event arrives
            }
            TrackedEventMessage<?> event = next;
            next = null;
            return event;
        }

        @Override
        public void close() {
            EventArrivals.Registration registered = callback;
            callback = null;
            if (registered != null) {
                registered.close();
            }
            events.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        /** The store's own callback where its stream has one, else {@link EventArrivals}'. */
        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (events.setOnAvailableCallback(callback)) {
                return true;
            }
            if (arrivals == null) {
                return false;
            }
            EventArrivals.Registration previous = this.callback;
            this.callback = arrivals.onArrival(callback);
            if (previous != null) {
                previous.close();
            }
            return true;
        }
    }
}
