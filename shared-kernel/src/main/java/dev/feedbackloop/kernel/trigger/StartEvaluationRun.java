package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The evaluation pipeline started the run ({@code externalId} is its own id, if any). */
public record StartEvaluationRun(String runId, String externalId, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.evaluationRun(runId);
    }
}
