package dev.feedbackloop.analysis.release;

import dev.feedbackloop.analysis.gate.GateApprovals;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The release's gate: a version opens for a canary only when its production gates (21.1) approve it. */
@Component
class PreDeploymentGates implements ReleaseGate {

    private final GateApprovals approvals;

    PreDeploymentGates(GateApprovals approvals) {
        this.approvals = approvals;
    }

    @Override
    public Optional<String> blockedReason(String agentId, String version) {
        return approvals.blockedReason(agentId, version);
    }
}
