package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.GateObservation;
import dev.feedbackloop.kernel.gate.RecordGateResults;
import dev.feedbackloop.kernel.trigger.EvaluationRunCompleted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feeds the metrics of completed evaluation runs (trigger-service) to the gates: each metric some gate reads becomes
 * a result for the run's agent and version, with {@code <metric>_tests} as its test count when the run reports one.
 * A run names no environment, so its results count for every environment with a gate that reads them. Not replayed:
 * a rebuild must not send an old run's results over newer ones.
 */
@Component
@ProcessingGroup(EvaluationRunResults.PROCESSING_GROUP)
public class EvaluationRunResults {

    public static final String PROCESSING_GROUP = "analysis-gate-evaluation-runs";
    public static final String TESTS_SUFFIX = "_tests";
    private static final Logger log = LoggerFactory.getLogger(EvaluationRunResults.class);

    private final CommandGateway commands;
    private final GateSet gates;

    public EvaluationRunResults(CommandGateway commands, GateSet gates) {
        this.commands = commands;
        this.gates = gates;
    }

    @EventHandler
    @DisallowReplay
    void on(EvaluationRunCompleted e) {
        Map<String, GateObservation> results = observations(e.metrics(), gates);
        if (results.isEmpty()) {
            return;
        }
        if (!ModelId.isWellFormed(e.agentId()) || !ApprovalKey.isVersion(e.agentVersion())) {
            log.warn("Evaluation run {} reports gate metrics for agent '{}' version '{}', which no approval can be"
                    + " kept for (agent ids and versions: {}); its results are not gated", e.runId(), e.agentId(),
                    e.agentVersion(), ApprovalKey.VERSION_RULE);
            return;
        }
        for (String environment : gates.environments()) {
            if (gates.reads(environment, results.keySet())) {
                commands.sendAndWait(new RecordGateResults(new ApprovalKey(e.agentId(), e.agentVersion(), environment),
                        results, "evaluation_run:" + e.runId(), e.at()));
            }
        }
    }

    /** The run's metrics that gates read, each with its {@code _tests} companion as test count when valid. */
    static Map<String, GateObservation> observations(Map<String, Double> metrics, GateSet gates) {
        Map<String, GateObservation> out = new LinkedHashMap<>();
        if (metrics == null) {
            return out;
        }
        for (String metric : gates.metrics()) {
            Double value = metrics.get(metric);
            if (value == null || !Double.isFinite(value) || value < 0 || value > VersionApproval.MAX_VALUE) {
                continue;
            }
            Double tests = metrics.get(metric + TESTS_SUFFIX);
            Integer count = tests != null && tests >= 1 && tests <= VersionApproval.MAX_TESTS && tests == Math.rint(tests)
                    ? tests.intValue() : null;
            out.put(metric, new GateObservation(value, count));
        }
        return out;
    }
}
