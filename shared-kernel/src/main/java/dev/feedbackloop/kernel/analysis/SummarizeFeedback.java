package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** Metrics over [start, end) in event time, hour-aligned, optionally for one agent, version or intent. */
public record SummarizeFeedback(Instant start, Instant end, String agentId, String agentVersion,
                                String intentCategory) {
}
