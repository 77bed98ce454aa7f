package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.ApprovalStatus;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gates in force, read from the gate file at start-up: the environments in the order a version is promoted
 * through them (the last is production, the one {@link GateApprovals} answers for by default) and the gates, in the
 * order the file lists them (security, performance, safety in the default file, as spec 21.1 runs them).
 */
public record GateSet(List<String> environments, List<GateDefinition> gates, String source) {

    public GateSet {
        environments = List.copyOf(environments);
        gates = List.copyOf(gates);
    }

    /** The environment a deployment to production is judged in: the last one listed. */
    public String productionEnvironment() {
        return environments.get(environments.size() - 1);
    }

    public boolean hasEnvironment(String environment) {
        return environments.contains(environment);
    }

    public List<GateDefinition> gatesFor(String environment) {
        return gates.stream().filter(g -> g.appliesTo(environment)).toList();
    }

    /** Every metric some gate reads. */
    public Set<String> metrics() {
        Set<String> out = new LinkedHashSet<>();
        gates.forEach(g -> out.add(g.metric()));
        return out;
    }

    /** Whether some gate of {@code environment} reads one of {@code metrics}. */
    public boolean reads(String environment, Set<String> metrics) {
        return gatesFor(environment).stream().anyMatch(g -> metrics.contains(g.metric()));
    }

    /** Every gate of the environment, in file order: its recorded result, else pending. */
    public List<GateResult> complete(String environment, Map<String, GateResult> recorded) {
        List<GateResult> out = new ArrayList<>();
        for (GateDefinition gate : gatesFor(environment)) {
            GateResult r = recorded.get(gate.name());
            out.add(r != null ? r : gate.pending(environment));
        }
        return out;
    }

    /** What the gates alone say: blocked when one failed, else pending when one is not passed, else approved. */
    public static ApprovalStatus statusOf(List<GateResult> gates) {
        if (gates.stream().anyMatch(g -> g.status() == GateStatus.FAILED)) {
            return ApprovalStatus.BLOCKED;
        }
        if (gates.stream().anyMatch(g -> g.status() == GateStatus.PENDING)) {
            return ApprovalStatus.PENDING;
        }
        return ApprovalStatus.APPROVED;
    }
}
