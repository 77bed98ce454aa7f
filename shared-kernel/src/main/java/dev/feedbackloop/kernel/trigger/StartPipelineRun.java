package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The pipeline started the run. */
public record StartPipelineRun(String runId, String externalId, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.pipelineRun(runId);
    }
}
