package dev.feedbackloop.kernel.trigger;

import java.time.Instant;

/** The newest event the trigger service has seen: its global position and when it was stored. */
public record StreamStatus(long lastPosition, Instant lastEventStoredAt) {
}
