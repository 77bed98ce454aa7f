package dev.feedbackloop.analysis.meters;

import dev.feedbackloop.analysis.failures.FailureEmbeddings;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The analysis service's meters, defined once: {@code feedbackloop_trigger_conditions_met_total} counts each
 * rule condition met as this process publishes it (a replay counts nothing), and
 * {@code feedbackloop_clustering_run_seconds} times each failure-clustering run of an agent's window, and
 * {@code feedbackloop_failures_texts_embedded_total} counts failure texts run through the sentence-embedding model (a
 * replay reads kept vectors back, so it adds nothing).
 */
@Component
public class AnalysisMeters {

    public static final String CONDITIONS_MET = "feedbackloop.trigger.conditions.met";
    public static final String CLUSTERING_RUN = "feedbackloop.clustering.run";
    public static final String TEXTS_EMBEDDED = "feedbackloop.failures.texts.embedded";

    private final MeterRegistry registry;
    private final Timer clusteringRuns;

    public AnalysisMeters(ObjectProvider<MeterRegistry> registries, EventStore events, FailureEmbeddings embeddings) {
        this.registry = registries.getIfAvailable();
        if (registry == null) {
            clusteringRuns = null;
            return;
        }
        clusteringRuns = Timer.builder(CLUSTERING_RUN).description("Time one failure-clustering run of an agent took")
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30))
                .register(registry);
        FunctionCounter.builder(TEXTS_EMBEDDED, embeddings, FailureEmbeddings::textsEmbedded)
                .description("Failure texts run through the sentence-embedding model").register(registry);
        Counter conditionsMet = Counter.builder(CONDITIONS_MET)
                .description("Rule conditions met (published by this process)").register(registry);
        events.subscribe(messages -> messages.forEach(message -> {
            if (message.getPayload() instanceof TriggerConditionMet) {
                conditionsMet.increment();
            }
        }));
    }

    /** One clustering run took this long. */
    public void clusteringRun(Duration took) {
        if (clusteringRuns != null) {
            clusteringRuns.record(took);
        }
    }
}
