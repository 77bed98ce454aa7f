package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The canary stays at its stage: {@code insufficient_data} (too few samples to decide) or {@code borderline}. */
@Revision("1")
public record CanaryHeld(String releaseId, int percentage, String reason, List<Measurement> measurements, Instant decidedAt) implements ReleaseEvent {
}
