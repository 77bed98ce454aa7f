package dev.feedbackloop.kernel.analysis;

/**
 * The failures most alike in meaning to a text, or to a stored failure (by its feedback id; then the failure itself
 * is left out), optionally of one agent, at most {@code limit} of them. Exactly one of {@code text} and
 * {@code feedbackId} is given.
 */
public record FindSimilarFailures(String text, String feedbackId, String agentId, int limit) {
}
