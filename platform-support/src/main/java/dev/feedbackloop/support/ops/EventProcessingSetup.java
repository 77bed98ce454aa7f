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

import org.axonframework.config.Configuration;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every event handler group runs as a pooled streaming processor: segments let several instances of a service
 * share the work. A handler that throws parks its event in the JDBC dead-letter queue (blocking only that
 * sequence) instead of stopping the whole processor. Each handler group reads the store through a
 * {@link HandledEventsSource}: the events it handles, and of each run of others only the last; once caught up it is
 * woken by {@link EventArrivals} when events arrive. Their threads are
 * {@link BackgroundThreads}: under load, requests and the writes they wait on are served first.
 */
public final class EventProcessingSetup {

    private static final Logger log = LoggerFactory.getLogger(EventProcessingSetup.class);
    /** Worker threads per processor, as Axon's default. */
    static final int WORKER_THREADS = 4;

    private EventProcessingSetup() {
    }

    public static void apply(EventProcessingConfigurer configurer, PlatformProperties properties,
                             ConnectionProvider connectionProvider, TransactionManager transactionManager,
                             TransactionManager processorTransactions, Serializer serializer, Serializer eventSerializer,
                             Collection<String> processingGroups) {
        PlatformProperties.Processing processing = properties.processing();
        Set<String> handlerGroups = Set.copyOf(processingGroups);
        BackgroundThreads.keepReactorAtNormalPriority();
        log.info(BackgroundThreads.describe());
        AtomicReference<EventArrivals> arrivals = new AtomicReference<>();
        configurer.usingPooledStreamingEventProcessors((config, builder) -> {
            builder.initialSegmentCount(processing.segments())
                    .batchSize(processing.batchSize())
                    .maxClaimedSegments(processing.claimableSegments())
                    .coordinatorExecutor(processor -> backgroundPool(config, 1, "Coordinator[" + processor + "]"))
                    .workerExecutor(processor -> backgroundPool(config, WORKER_THREADS, "WorkPackage[" + processor + "]"));
            String name = processorName(builder);
            if (handlerGroups.contains(name)) {
                builder.messageSource(new HandledEventsSource(config.eventStore(), () -> handledBy(config, name),
                        arrivals.updateAndGet(shared -> shared != null ? shared : arrivalsOf(config))));
            }
            return builder;
        });
        // batches, tokens, sagas: work nobody waits on (see BackgroundTransactions)
        configurer.registerDefaultTransactionManager(config -> processorTransactions);
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

    /**
     * One {@link EventArrivals} for all processors, closed when Axon stops its processors, before the event store
     * closes its streams (which would otherwise fail the follower's reads while it stops).
     */
    private static EventArrivals arrivalsOf(Configuration config) {
        EventArrivals arrivals = new EventArrivals(config.eventStore());
        config.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, arrivals::close);
        return arrivals;
    }

    /** A pool of background threads for one processor, shut down with Axon's configuration as Axon's own are. */
    private static ScheduledExecutorService backgroundPool(Configuration config, int size, String group) {
        ScheduledExecutorService pool = BackgroundThreads.scheduledPool(size, group);
        config.onShutdown(pool::shutdown);
        return pool;
    }

    /**
     * The name a processor is being built for. Axon hands the shared processor configuration only the builder, which
     * keeps the name in a protected field; read it so that each handler group gets a source of its own. Without it
     * (a changed Axon) every processor reads every event, as Axon does by default.
     */
    static String processorName(AbstractEventProcessor.Builder builder) {
        try {
            Field name = AbstractEventProcessor.Builder.class.getDeclaredField("name");
            name.setAccessible(true);
            return (String) name.get(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (UNNAMED_WARNED.compareAndSet(false, true)) {
                log.warn("Cannot tell which processor is being built ({}); every processor reads every event", e.toString());
            }
            return null;
        }
    }

    private static final AtomicBoolean UNNAMED_WARNED = new AtomicBoolean();

    /**
     * Whether a processor's handlers take a payload type, asked of the processor once it exists. A group of
     * {@link NewestEventOnly} handlers takes none: it is delivered only the last event of each run.
     */
    public static Predicate<Class<?>> handledBy(Configuration config, String processor) {
        return config.eventProcessingConfiguration().eventProcessor(processor)
                .filter(AbstractEventProcessor.class::isInstance)
                .map(p -> ((AbstractEventProcessor) p).eventHandlerInvoker())
                .map(EventProcessingSetup::handledBy)
                .orElse(type -> true);
    }

    static Predicate<Class<?>> handledBy(EventHandlerInvoker invoker) {
        if (newestEventOnly(invoker)) {
            return type -> false;
        }
        return type -> {
            try {
                return invoker.canHandleType(type);
            } catch (RuntimeException unsure) {
                return true; // delivered, and the processor decides as it always did
            }
        };
    }

    /** Whether every handler behind the invoker (Axon nests one per handler group in a multi-invoker) is {@link NewestEventOnly}. */
    private static boolean newestEventOnly(EventHandlerInvoker invoker) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            return !multi.delegates().isEmpty() && multi.delegates().stream().allMatch(EventProcessingSetup::newestEventOnly);
        }
        return invoker instanceof SimpleEventHandlerInvoker simple && !simple.eventHandlers().isEmpty()
                && simple.eventHandlers().stream().allMatch(h -> h.getTargetType().isAnnotationPresent(NewestEventOnly.class));
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
