package dev.feedbackloop.kernel.trigger;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the verdict of a completed run against its baseline. */
public record JudgeEvaluationRun(String runId, Verdict verdict, String baselineRunId, List<String> reasons, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.evaluationRun(runId);
    }
}
