package dev.feedbackloop.kernel.gate;

import java.time.Instant;

/** Events of a version's approval for one environment. */
public sealed interface VersionApprovalEvent permits GateEvaluated, VersionApproved, VersionBlocked, ApprovalOverridden {

    String agentId();

    String version();

    String environment();

    /** The approval's status once this event counts. */
    ApprovalStatus status();

    Instant at();
}
