package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A drifted feature's PSI fell below the moderate level again. */
@Revision("1")
public record DriftResolved(String agentId, String feature, double psi, Instant evaluatedAt) implements MonitorEvent {
}
