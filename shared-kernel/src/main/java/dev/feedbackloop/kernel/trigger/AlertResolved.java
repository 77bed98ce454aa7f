package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The alert is resolved. */
@Revision("1")
public record AlertResolved(String alertId, String channel, String by, String reason, Instant at) implements AlertEvent {
}
