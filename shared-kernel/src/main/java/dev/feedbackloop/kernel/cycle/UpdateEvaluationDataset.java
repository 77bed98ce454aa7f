package dev.feedbackloop.kernel.cycle;

import dev.feedbackloop.kernel.common.Streams;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add approved test cases to an agent's evaluation dataset; a new version only when the set changes. */
public record UpdateEvaluationDataset(String datasetId, String agentId, List<String> testCaseIds, String cycleId, Instant at) {

    @TargetAggregateIdentifier
    public String stream() {
        return Streams.evaluationDataset(datasetId);
    }
}
