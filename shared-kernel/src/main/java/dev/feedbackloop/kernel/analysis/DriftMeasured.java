package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The agent's input distribution was compared, at event time {@code evaluatedAt}: the current window
 * [currentFrom, evaluatedAt) against the reference [referenceFrom, referenceTo).
 */
@Revision("1")
public record DriftMeasured(String agentId, Instant evaluatedAt, Instant currentFrom, Instant referenceFrom,
                            Instant referenceTo, List<FeatureDrift> features) implements MonitorEvent {
}
