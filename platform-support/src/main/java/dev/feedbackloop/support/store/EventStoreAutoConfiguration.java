package dev.feedbackloop.support.store;

import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import dev.feedbackloop.support.ops.BackgroundThreads;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event store every service publishes to and its processors read from: Axon's embedded event store, declared as
 * Axon's auto-configuration declares it but with one setting changed (below). It sits between Axon's JDBC
 * auto-configuration, which must still see no event store to declare the storage engine, and Axon's core one, which
 * then finds this store and declares none of its own.
 */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnBean(EventStorageEngine.class)
public class EventStoreAutoConfiguration {

    /**
     * How often the event store detaches processors that fell behind its cache of recent events (Axon's default is
     * every 10 s). Until it does, such a processor's place in the cache keeps every event published after it in
     * memory: at the 17,000 events a second of an OTLP overload, ten seconds are 170,000 events, most of a 1 GB heap.
     * Detached, the processor reads on from the database.
     */
    static final Duration LAGGING_CONSUMER_CHECK = Duration.ofSeconds(1);

    /**
     * Axon's embedded event store as its auto-configuration declares it, but checking for lagging processors every
     * {@link #LAGGING_CONSUMER_CHECK}: the events it holds for them are then bounded by its cache (10,000) plus about
     * a second of writes. Named and qualified as Axon names its own, which then steps aside.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration) {
        return embeddedEventStore(storageEngine, configuration.messageMonitor(EventStore.class, "eventStore"),
                configuration.getComponent(EventBusSpanFactory.class));
    }

    static EmbeddedEventStore embeddedEventStore(EventStorageEngine storageEngine,
                                                 MessageMonitor<? super EventMessage<?>> monitor,
                                                 EventBusSpanFactory spanFactory) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(monitor == null ? NoOpMessageMonitor.INSTANCE : monitor)
                .timeUnit(TimeUnit.MILLISECONDS)
                .cleanupDelay(LAGGING_CONSUMER_CHECK.toMillis())
                .threadFactory(BackgroundThreads.factory("EmbeddedEventStore"));
        if (spanFactory != null) {
            builder.spanFactory(spanFactory);
        }
        return builder.build();
    }
}
