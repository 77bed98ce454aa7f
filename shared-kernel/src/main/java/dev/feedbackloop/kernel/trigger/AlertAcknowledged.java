package dev.feedbackloop.kernel.trigger;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Someone acknowledged the alert. */
@Revision("1")
public record AlertAcknowledged(String alertId, String by, Instant at) implements AlertEvent {
}
