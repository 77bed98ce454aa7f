package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** A rollback trigger with action immediate_rollback is confidently past its threshold. */
@Revision("1")
public record RollbackRequired(String releaseId, int percentage, String trigger, List<Measurement> measurements, Instant decidedAt) implements ReleaseEvent {
}
