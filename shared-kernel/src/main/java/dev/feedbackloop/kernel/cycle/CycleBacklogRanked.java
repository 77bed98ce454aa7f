package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Wednesday's backlog, ranked by expected impact. */
@Revision("1")
public record CycleBacklogRanked(String cycleId, List<BacklogItem> items, Instant at) implements CycleEvent {
}
