package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Monday's review was compiled. */
@Revision("1")
public record CycleReviewCompiled(String cycleId, CycleReview review, Instant at) implements CycleEvent {
}
