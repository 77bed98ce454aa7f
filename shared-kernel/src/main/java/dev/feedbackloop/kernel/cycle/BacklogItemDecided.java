package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Someone accepted or dropped a backlog item. */
@Revision("1")
public record BacklogItemDecided(String cycleId, String itemId, String decision, String by, Instant at) implements CycleEvent {
}
