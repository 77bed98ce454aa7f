package dev.feedbackloop.trigger.web;

import dev.feedbackloop.kernel.trigger.StreamStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** How far the trigger side has read the event stream: the last position and when that event was stored. */
@Schema(name = "TriggerStatus")
public record TriggerStatusResponse(long lastPosition, Instant lastEventStoredAt) {

    static TriggerStatusResponse of(StreamStatus s) {
        return new TriggerStatusResponse(s.lastPosition(), s.lastEventStoredAt());
    }
}
