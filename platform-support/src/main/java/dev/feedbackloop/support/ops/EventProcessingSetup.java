package dev.feedbackloop.support.ops;

import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

import java.util.Collection;

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
                (config, builder) -> builder.enableSequenceIdentifierCache().allowReset(true)));
    }
}
