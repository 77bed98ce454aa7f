package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The pipeline finished the run. */
public record CompletePipelineRun(String runId, Map<String, String> outputs, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.pipelineRun(runId);
    }
}
