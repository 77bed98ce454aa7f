package dev.feedbackloop.kernel.analysis;

/** Every agent seen in the feedback stream. */
public record FindAgents() {
}
