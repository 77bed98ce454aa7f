package dev.feedbackloop.support.meters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * The meters every service has, defined once: how far each projection is behind the event store, whether it is in
 * error, and the events parked in its dead-letter queue. Names follow Micrometer's dotted form; Prometheus sees
 * {@code feedbackloop_processor_lag_events}, {@code feedbackloop_processor_lag_seconds},
 * {@code feedbackloop_processor_error} and {@code feedbackloop_dead_letters}, each tagged {@code processing_group};
 * and {@code feedbackloop_ready}, the readiness probe as a number an alert can watch.
 * Registered once the application is ready, when the processors are known.
 */
public final class PlatformMeters implements ApplicationListener<ApplicationReadyEvent> {

    public static final String PROCESSOR_LAG_EVENTS = "feedbackloop.processor.lag.events";
    public static final String PROCESSOR_LAG = "feedbackloop.processor.lag";
    public static final String PROCESSOR_ERROR = "feedbackloop.processor.error";
    public static final String DEAD_LETTERS = "feedbackloop.dead.letters";
    public static final String READY = "feedbackloop.ready";
    public static final String PROCESSING_GROUP = "processing_group";

    private final ObjectProvider<MeterRegistry> registries;
    private final ProcessorLag lag;
    private final EventProcessingConfiguration processing;
    private final ObjectProvider<HealthEndpoint> health;

    public PlatformMeters(ObjectProvider<MeterRegistry> registries, ProcessorLag lag,
                          EventProcessingConfiguration processing, ObjectProvider<HealthEndpoint> health) {
        this.registries = registries;
        this.health = health;
        this.lag = lag;
        this.processing = processing;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        MeterRegistry registry = registries.getIfAvailable();
        if (registry == null) {
            return;
        }
        health.ifAvailable(endpoint -> Gauge.builder(READY, endpoint, PlatformMeters::ready)
                .description("1 while the readiness group is UP (event store, read models, processors), else 0")
                .register(registry));
        for (String group : lag.processingGroups()) {
            Tags tags = Tags.of(PROCESSING_GROUP, group);
            Gauge.builder(PROCESSOR_LAG_EVENTS, () -> field(group, l -> (double) l.events()))
                    .description("Events in the store this processor has not handled yet (its slowest segment here)")
                    .tags(tags).register(registry);
            Gauge.builder(PROCESSOR_LAG, () -> field(group, ProcessorLag.Lag::seconds)).baseUnit("seconds")
                    .description("Age of the oldest event this processor has not handled yet; 0 when caught up")
                    .tags(tags).register(registry);
            Gauge.builder(PROCESSOR_ERROR, () -> field(group, l -> l.error() ? 1.0 : 0.0))
                    .description("1 while a segment of this processor is in error (retrying with back-off)")
                    .tags(tags).register(registry);
            processing.deadLetterQueue(group).ifPresent(queue ->
                    Gauge.builder(DEAD_LETTERS, queue, PlatformMeters::size)
                            .description("Events parked in this processor's dead-letter queue")
                            .tags(tags).register(registry));
        }
    }

    private double field(String group, java.util.function.ToDoubleFunction<ProcessorLag.Lag> read) {
        ProcessorLag.Lag current = lag.of(group);
        return current == null ? Double.NaN : read.applyAsDouble(current);
    }

    private static double ready(HealthEndpoint endpoint) {
        HealthDescriptor readiness = endpoint.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
    }

    private static double size(SequencedDeadLetterQueue<?> queue) {
        try {
            return queue.size();
        } catch (RuntimeException storeUnreadable) {
            return Double.NaN;
        }
    }
}
