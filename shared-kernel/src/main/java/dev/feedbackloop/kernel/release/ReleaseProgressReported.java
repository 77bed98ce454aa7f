package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The pipeline reports what it did: promoted, rolled_back, paused or resumed. */
@Revision("1")
public record ReleaseProgressReported(String releaseId, String action, Integer percentage, String note, Instant reportedAt) implements ReleaseEvent {
}
