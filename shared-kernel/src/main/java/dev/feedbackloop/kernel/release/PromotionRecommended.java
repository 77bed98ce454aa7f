package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Every promotion criterion is met with confidence after the minimum duration: move to {@code nextPercentage}. */
@Revision("1")
public record PromotionRecommended(String releaseId, int fromPercentage, int nextPercentage, List<Measurement> measurements, Instant decidedAt) implements ReleaseEvent {
}
