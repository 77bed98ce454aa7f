package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The cycle entered a phase: review, deep_dive, prioritization, implementation, measurement. */
@Revision("1")
public record CyclePhaseStarted(String cycleId, String phase, Instant at) implements CycleEvent {
}
