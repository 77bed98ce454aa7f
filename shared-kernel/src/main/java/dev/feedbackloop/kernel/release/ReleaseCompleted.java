package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The canary met every criterion at 100 % for the last stage duration. */
@Revision("1")
public record ReleaseCompleted(String releaseId, String version, List<Measurement> measurements, Instant completedAt) implements ReleaseEvent {
}
