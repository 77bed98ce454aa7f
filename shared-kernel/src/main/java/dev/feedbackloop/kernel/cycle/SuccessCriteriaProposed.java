package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** Next week's thresholds proposed from the measured baseline (update_success_criteria). */
@Revision("1")
public record SuccessCriteriaProposed(String cycleId, Map<String, Double> thresholds, Instant at) implements CycleEvent {
}
