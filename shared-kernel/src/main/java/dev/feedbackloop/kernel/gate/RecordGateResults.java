package dev.feedbackloop.kernel.gate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Results for a version in one environment, by metric or suite name, reported by an evaluation run or a pipeline
 * ({@code source}). Each gate reading one of these metrics is judged again; a result equal to the last changes nothing.
 */
public record RecordGateResults(ApprovalKey key, Map<String, GateObservation> results, String source, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return key.stream();
    }
}
