package dev.feedbackloop.kernel.release;

import java.time.Instant;

/** One line of the release listing. */
public record ReleaseSummary(String releaseId, String agentId, String version, String baselineVersion, String status,
                             int percentage, Instant openedAt) {
}
