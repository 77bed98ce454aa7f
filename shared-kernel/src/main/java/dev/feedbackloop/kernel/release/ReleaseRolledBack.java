package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The pipeline rolled the canary back; the release is over. */
@Revision("1")
public record ReleaseRolledBack(String releaseId, String version, String note, Instant rolledBackAt) implements ReleaseEvent {
}
