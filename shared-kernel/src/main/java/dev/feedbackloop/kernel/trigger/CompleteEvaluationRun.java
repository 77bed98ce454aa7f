package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The run finished with its metrics (task_success_rate and error_rate are the ones gated on). */
public record CompleteEvaluationRun(String runId, Map<String, Double> metrics, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.evaluationRun(runId);
    }
}
