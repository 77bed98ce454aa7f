package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A new version of an agent's evaluation dataset: the approved test cases it holds (update_evaluation_dataset). */
@Revision("1")
public record EvaluationDatasetUpdated(String datasetId, String agentId, int version, List<String> testCaseIds, String cycleId, Instant at) implements CycleEvent {
}
