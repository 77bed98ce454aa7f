package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A person accepted the proposed (or amended) thresholds. */
@Revision("1")
public record SuccessCriteriaAccepted(String cycleId, Map<String, Double> thresholds, String by, Instant at) implements CycleEvent {
}
