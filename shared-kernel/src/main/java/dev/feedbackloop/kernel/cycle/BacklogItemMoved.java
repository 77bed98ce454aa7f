package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Someone moved a backlog item to a position (0 = top). */
@Revision("1")
public record BacklogItemMoved(String cycleId, String itemId, int position, String by, Instant at) implements CycleEvent {
}
