package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The cycle closed; its report is final. */
@Revision("1")
public record ImprovementCycleClosed(String cycleId, Instant at) implements CycleEvent {
}
