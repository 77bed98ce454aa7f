package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A trigger with action pause_and_alert (or a failed criterion) is confidently breached: pause and alert. */
@Revision("1")
public record RolloutPaused(String releaseId, int percentage, String trigger, List<Measurement> measurements, Instant decidedAt) implements ReleaseEvent {
}
