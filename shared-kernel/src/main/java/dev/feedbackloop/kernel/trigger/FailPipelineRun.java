package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The pipeline run failed. */
public record FailPipelineRun(String runId, String reason, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.pipelineRun(runId);
    }
}
