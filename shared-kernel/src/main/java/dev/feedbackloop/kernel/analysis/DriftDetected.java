package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A feature's PSI reached the significant level; recorded once until the drift is resolved. */
@Revision("1")
public record DriftDetected(String agentId, String feature, double psi, Instant evaluatedAt) implements MonitorEvent {
}
