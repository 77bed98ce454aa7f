package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Request a run of an automated pipeline; requesting the same run id again changes nothing. */
public record RequestPipelineRun(String runId, String incidentId, String agentId, String pipeline, Map<String, String> parameters, String reason, Instant requestedAt) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.pipelineRun(runId);
    }
}
