package dev.feedbackloop.support.ops;

import dev.feedbackloop.support.config.PlatformProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;

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
                             Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        PlatformProperties.Processing processing = properties.processing();
        configurer.usingPooledStreamingEventProcessors((config, builder) -> builder
                .initialSegmentCount(processing.segments())
                .batchSize(processing.batchSize())
                .maxClaimedSegments(processing.segments()));
        configurer.registerDeadLetterQueueProvider(processingGroup -> config ->
                JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(processingGroup)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .genericSerializer(serializer)
                        .eventSerializer(eventSerializer)
                        .build());
    }
}
