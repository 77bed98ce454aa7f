package dev.feedbackloop.support.store;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Reads and opens each event once for all the processors.
 * <p>
 * New events: the event store's producer thread reads the head of the store once and hands the same messages to all
 * the processors that are caught up; each message opens its payload and metadata (JSON, and the sealed personal
 * fields) lazily, on first use, without a lock. A fresh event reached about twenty work packages at the same moment,
 * so several opened it side by side, each paying the decryption and the JSON again. Here the producer opens it before
 * any processor sees it, and hands on a message that holds the opened payload only, not the stored bytes. An event
 * that cannot be opened is left as it was, so it fails where it always did, in the handler that needs it (and goes to
 * that processor's dead letters).
 * <p>
 * The producer's stream also ends after {@link #PRODUCER_RUN} events; the producer then opens it again where it
 * stopped. Axon's producer keeps the newest cached event of the moment it opened its stream in a local variable until
 * the stream ends, and that event links to every one cached after it. While writes keep a full batch waiting, the
 * stream never ended, so under sustained load the whole tail of the store since then stayed in memory: 240,000 events
 * and a full 1 GB heap after four minutes of OTLP intake, until the platform stopped answering.
 * <p>
 * Older events: processors catching up or replaying on streams of their own share their reads through
 * {@link SharedCatchUpReads}; such a stream opens only the events its processor uses.
 */
public final class ReadOnceStorageEngine implements EventStorageEngine {

    /** The most events one producer stream delivers before it is opened again (a few of its batches of 100). */
    static final int PRODUCER_RUN = 1_000;

    /** The chunk of a shared catch-up read when the store does not say its batch size: Axon's default batch. */
    static final int DEFAULT_CHUNK = 100;

    private final EventStorageEngine delegate;
    private final SharedCatchUpReads catchUpReads;

    public ReadOnceStorageEngine(EventStorageEngine delegate) {
        this(delegate, System::nanoTime);
    }

    ReadOnceStorageEngine(EventStorageEngine delegate, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.catchUpReads = new SharedCatchUpReads(token -> delegate.readEvents(token, false),
                delegate instanceof BatchingEventStorageEngine batching ? batching.batchSize() : DEFAULT_CHUNK, nanoTime);
    }

    /** Wraps the application's storage engine, whichever configuration declares it. */
    public static BeanPostProcessor wrappingTheStorageEngine() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof EventStorageEngine engine && !(bean instanceof ReadOnceStorageEngine)
                        ? new ReadOnceStorageEngine(engine) : bean;
            }
        };
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return catchUpReads.readAfter(trackingToken);
        }
        catchUpReads.dropWhenIdle();
        return delegate.readEvents(trackingToken, true).limit(PRODUCER_RUN).map(ReadOnceStorageEngine::opened);
    }

    /**
     * The event with its payload and metadata opened, as a message that holds only what was opened: the stored form
     * (the row's bytes, about a third of a cached event's memory) is left behind. The store's cache keeps the last
     * 10,000 events for processors a little behind, several seconds of OTLP intake, so each cached event lived
     * through several young collections, and copying its bytes from one survivor space to the next lengthened every
     * pause. An event that cannot be opened is left as it was: the handler that needs it meets the same failure and
     * dead-letters the event.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static TrackedEventMessage<?> opened(TrackedEventMessage<?> event) {
        Object payload;
        MetaData metaData;
        Instant timestamp;
        try {
            payload = event.getPayload();
            metaData = event.getMetaData();
            timestamp = event.getTimestamp();
        } catch (RuntimeException unreadable) {
            return event;
        }
        if (payload == null || payload instanceof UnknownSerializedType) {
            return event;
        }
        Message<Object> opened = new GenericMessage<>(event.getIdentifier(), (Class) event.getPayloadType(), payload,
                metaData);
        if (event instanceof DomainEventMessage<?> domain) {
            return new GenericTrackedDomainEventMessage<>(event.trackingToken(), domain.getType(),
                    domain.getAggregateIdentifier(), domain.getSequenceNumber(), opened, () -> timestamp);
        }
        return new GenericTrackedEventMessage<>(event.trackingToken(), opened, () -> timestamp);
    }

    /** The chunks of catch-up reads kept for other readers right now. */
    int keptCatchUpChunks() {
        return catchUpReads.keptChunks();
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
