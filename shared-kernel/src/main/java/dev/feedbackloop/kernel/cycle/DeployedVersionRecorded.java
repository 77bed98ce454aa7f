package dev.feedbackloop.kernel.cycle;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The agent version deployed during the week, recorded through the API or seen in the feedback (by = feedback). */
@Revision("1")
public record DeployedVersionRecorded(String cycleId, String version, String previousVersion, Instant deployedAt, String by, Instant at) implements CycleEvent {
}
