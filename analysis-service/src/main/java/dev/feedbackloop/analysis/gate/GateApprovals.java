package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.ApprovalKey;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;
import dev.feedbackloop.kernel.gate.VersionApprovalView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What other code asks before it deploys a version (a canary release at merge time): whether the version's gates
 * let it through, from the approval read model. Empty when approved or overridden; otherwise what blocks, in words.
 * It fails closed: an id that cannot name an approval, or a read model that does not answer in time, blocks.
 */
@Component
public class GateApprovals {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Approvals approvals;
    private final GateSet gates;

    public GateApprovals(Approvals approvals, GateSet gates) {
        this.approvals = approvals;
        this.gates = gates;
    }

    /** For production: the last environment of the gate file. */
    public Optional<String> blockedReason(String agentId, String version) {
        return blockedReason(agentId, version, gates.productionEnvironment());
    }

    public Optional<String> blockedReason(String agentId, String version, String environment) {
        ApprovalKey key;
        try {
            key = new ApprovalKey(agentId, version, environment);
        } catch (IllegalArgumentException e) {
            return Optional.of("no approval can exist: " + e.getMessage());
        }
        if (!gates.hasEnvironment(environment)) {
            return Optional.of("environment '" + environment + "' has no gates (environments: "
                    + String.join(", ", gates.environments()) + ")");
        }
        VersionApprovalView approval;
        try {
            approval = approvals.find(key).block(TIMEOUT);
        } catch (RuntimeException e) {
            return Optional.of("the approval of " + agentId + " " + version + " could not be read: " + e.getMessage());
        }
        return reason(approval);
    }

    static Optional<String> reason(VersionApprovalView approval) {
        if (approval.status().allowsDeployment()) {
            return Optional.empty();
        }
        String what = approval.agentId() + " " + approval.version() + " is " + approval.status().wireName() + " for "
                + approval.environment();
        List<GateResult> failing = approval.gates().stream().filter(g -> g.status() == GateStatus.FAILED).toList();
        List<GateResult> pending = approval.gates().stream().filter(g -> g.status() == GateStatus.PENDING).toList();
        StringBuilder out = new StringBuilder(what);
        if (!failing.isEmpty()) {
            out.append("; failing: ").append(describe(failing));
        }
        if (!pending.isEmpty()) {
            out.append("; pending: ").append(describe(pending));
        }
        return Optional.of(out.toString());
    }

    private static String describe(List<GateResult> gates) {
        return gates.stream().map(g -> g.gate() + " (" + g.reason() + ")").collect(Collectors.joining(", "));
    }
}
