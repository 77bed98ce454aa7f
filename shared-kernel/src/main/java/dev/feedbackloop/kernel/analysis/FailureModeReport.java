package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.List;

/** The failure modes active in an ISO week, largest first. */
public record FailureModeReport(String week, Instant from, Instant to, String agentId, List<FailureModeOfWeek> modes) {
}
