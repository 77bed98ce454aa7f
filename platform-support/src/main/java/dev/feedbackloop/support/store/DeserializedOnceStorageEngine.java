package dev.feedbackloop.support.store;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens each new event once for every processor. The event store's producer thread reads the head of the store once
 * and hands the same messages to all the processors that are caught up; each message opens its payload and metadata
 * (JSON, and the sealed personal fields) lazily, on first use, without a lock. A fresh event reached about twenty work
 * packages at the same moment, so several opened it side by side, each paying the decryption and the JSON again. Here
 * the producer opens it before any processor sees it.
 * <p>
 * Only the producer's stream ({@code mayBlock}) is opened ahead: a processor replaying on a stream of its own still
 * opens only the events it handles. An event that cannot be opened is left as it was, so it fails where it always
 * did, in the handler that needs it (and goes to that processor's dead letters).
 * <p>
 * The producer's stream also ends after {@link #PRODUCER_RUN} events; the producer then opens it again where it
 * stopped. Axon's producer keeps the newest cached event of the moment it opened its stream in a local variable until
 * the stream ends, and that event links to every one cached after it. While writes keep a full batch waiting, the
 * stream never ended, so under sustained load the whole tail of the store since then stayed in memory: 240,000 events
 * and a full 1 GB heap after four minutes of OTLP intake, until the platform stopped answering.
 */
public final class DeserializedOnceStorageEngine implements EventStorageEngine {

    /** The most events one producer stream delivers before it is opened again (a few of its batches of 100). */
    static final int PRODUCER_RUN = 1_000;

    private final EventStorageEngine delegate;

    public DeserializedOnceStorageEngine(EventStorageEngine delegate) {
        this.delegate = delegate;
    }

    /** Wraps the application's storage engine, whichever configuration declares it. */
    public static BeanPostProcessor wrappingTheStorageEngine() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof EventStorageEngine engine && !(bean instanceof DeserializedOnceStorageEngine)
                        ? new DeserializedOnceStorageEngine(engine) : bean;
            }
        };
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = delegate.readEvents(trackingToken, mayBlock);
        return mayBlock ? events.limit(PRODUCER_RUN).peek(DeserializedOnceStorageEngine::open) : events;
    }

    static void open(EventMessage<?> event) {
        try {
            event.getPayload();
            event.getMetaData();
        } catch (RuntimeException unreadable) {
            // left lazy: the handler that needs it meets the same failure and dead-letters the event
        }
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        delegate.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
