package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The improvement cycle of an agent for an ISO week (e.g. 2026-W48) opened; startsAt and endsAt are the week's bounds in the configured time zone. */
@Revision("1")
public record ImprovementCycleOpened(String cycleId, String agentId, String week, String zone, Instant startsAt, Instant endsAt, Instant openedAt) implements CycleEvent {
}
