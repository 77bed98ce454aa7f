package dev.feedbackloop.kernel.release;

/** The releases of one agent (every agent when null), newest first. */
public record FindReleases(String agentId) {
}
