package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The pinned reference was released: drift is measured against the trailing window again. */
@Revision("1")
public record DriftBaselineReleased(String agentId, Instant releasedAt) implements MonitorEvent {
}
