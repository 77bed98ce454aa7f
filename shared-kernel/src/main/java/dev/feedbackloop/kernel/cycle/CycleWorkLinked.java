package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A ticket or test case moved during the cycle's week and is linked to it (kind ticket | test_case, state its new state). */
@Revision("1")
public record CycleWorkLinked(String cycleId, String kind, String workId, String state, Instant at) implements CycleEvent {
}
