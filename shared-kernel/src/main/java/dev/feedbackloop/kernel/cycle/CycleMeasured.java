package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Friday's before/after measurement and its verdict. */
@Revision("1")
public record CycleMeasured(String cycleId, CycleMeasurement measurement, Instant at) implements CycleEvent {
}
