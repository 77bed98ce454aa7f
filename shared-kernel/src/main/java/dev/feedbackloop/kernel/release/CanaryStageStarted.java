package dev.feedbackloop.kernel.release;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The canary now receives {@code percentage} % of traffic (the stage counts from {@code startedAt}, event time). */
@Revision("1")
public record CanaryStageStarted(String releaseId, int percentage, long minDurationMinutes, Instant startedAt) implements ReleaseEvent {
}
