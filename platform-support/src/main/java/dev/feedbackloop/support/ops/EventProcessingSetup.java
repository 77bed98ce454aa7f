package dev.feedbackloop.support.ops;

import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import dev.feedbackloop.support.readmodel.UnstorableEventException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Every event handler group runs as a pooled streaming processor: segments let several instances of a service
 * share the work. A handler that throws parks its event in the JDBC dead-letter queue (blocking only that
 * sequence) instead of stopping the whole processor.
 */
public final class EventProcessingSetup {

    private EventProcessingSetup() {
    }

    public static void apply(EventProcessingConfigurer configurer, PlatformProperties properties,
                             ConnectionProvider connectionProvider, TransactionManager transactionManager,
                             Serializer serializer, Serializer eventSerializer,
                             Collection<String> processingGroups) {
        PlatformProperties.Processing processing = properties.processing();
        configurer.usingPooledStreamingEventProcessors((config, builder) -> builder
                .initialSegmentCount(processing.segments())
                .batchSize(processing.batchSize())
                .maxClaimedSegments(processing.claimableSegments()));
        configurer.registerDeadLetterQueueProvider(processingGroup -> config ->
                JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(processingGroup)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .genericSerializer(serializer)
                        .eventSerializer(eventSerializer)
                        .build());
        // Without the cache every event costs one "is this sequence dead-lettered?" query per processor;
        // with it, only sequences that really are in the queue do. Resets must stay possible for rebuilds.
        processingGroups.forEach(group -> configurer.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                (config, builder) -> builder.enableSequenceIdentifierCache().allowReset(true)
                        .enqueuePolicy(unstorableAlone(() -> config.eventProcessingConfiguration().deadLetterQueue(group)
                                .orElseThrow()))));
    }

    /** The sequence an unstorable event is parked under: its own, so it blocks no other event. */
    static final String UNSTORABLE_SEQUENCE = "unstorable:";

    /**
     * Parks a failed event the usual way (its sequence waits behind it, so the events of one document stay in order),
     * except an event that no read model can ever hold ({@link UnstorableEventException}): it would block its
     * sequence for good, so it is parked under a sequence of its own and the events after it are handled.
     */
    static EnqueuePolicy<EventMessage<?>> unstorableAlone(Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue) {
        return (letter, cause) -> {
            if (!(cause instanceof UnstorableEventException)) {
                return Decisions.enqueue(cause);
            }
            String own = UNSTORABLE_SEQUENCE + letter.message().getIdentifier();
            if (letter instanceof GenericDeadLetter<?> fresh && !own.equals(String.valueOf(fresh.getSequenceIdentifier()))) {
                queue.get().enqueue(own, new GenericDeadLetter<>(own, letter.message(), cause));
                return Decisions.doNotEnqueue();
            }
            return Decisions.requeue(cause);
        };
    }
}
