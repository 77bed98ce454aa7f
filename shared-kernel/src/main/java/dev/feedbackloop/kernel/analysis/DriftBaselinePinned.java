package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** From now on the agent's drift is measured against the fixed reference window [from, to). */
@Revision("1")
public record DriftBaselinePinned(String agentId, Instant from, Instant to, Instant pinnedAt) implements MonitorEvent {
}
