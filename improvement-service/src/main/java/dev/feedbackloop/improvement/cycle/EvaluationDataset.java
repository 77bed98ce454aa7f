package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.EvaluationDatasetUpdated;
import dev.feedbackloop.kernel.cycle.UpdateEvaluationDataset;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.TreeSet;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An agent's evaluation dataset (id {@code ds-<agentId>}): the approved test cases it holds, versioned. An update
 * carries the full current set of approved test case ids, so a retired test case leaves the dataset on the next
 * update; a new version (the previous one + 1, with the full sorted id list) is recorded only when the set changes.
 * The first version is 1; an empty set before any version changes nothing.
 */
@Aggregate
public class EvaluationDataset {

    @AggregateIdentifier
    private String stream;
    private String agentId;
    private int version;
    private List<String> testCaseIds = List.of();

    protected EvaluationDataset() {
    }

    /** The dataset id of an agent. */
    public static String idOf(String agentId) {
        return "ds-" + agentId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(UpdateEvaluationDataset c) {
        if (c.datasetId() == null || c.datasetId().isBlank()) {
            throw invalid("dataset_id is required");
        }
        if (c.agentId() == null || c.agentId().isBlank()) {
            throw invalid("agent_id is required");
        }
        if (c.testCaseIds() == null || c.testCaseIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            throw invalid("test_case_ids is required and may not hold blank ids");
        }
        if (c.at() == null) {
            throw invalid("at is required");
        }
        if (agentId != null && !agentId.equals(c.agentId())) {
            throw invalid("dataset " + c.datasetId() + " belongs to agent " + agentId + ", not " + c.agentId());
        }
        List<String> ids = List.copyOf(new TreeSet<>(c.testCaseIds()));
        if (ids.equals(testCaseIds)) {
            return;
        }
        apply(new EvaluationDatasetUpdated(c.datasetId(), c.agentId(), version + 1, ids, c.cycleId(), c.at()));
    }

    @EventSourcingHandler
    void on(EvaluationDatasetUpdated e) {
        stream = Streams.evaluationDataset(e.datasetId());
        agentId = e.agentId();
        version = e.version();
        testCaseIds = e.testCaseIds();
    }
}
