package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Someone added a triage note to the cycle. */
@Revision("1")
public record TriageNoteAdded(String cycleId, String noteId, String author, String text, Instant at) implements CycleEvent {
}
