package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Request an evaluation run; requesting the same run id again changes nothing. */
public record RequestEvaluationRun(String runId, String incidentId, String agentId, String agentVersion, String dataset, String reason, Instant requestedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.evaluationRun(runId);
    }
}
