package dev.feedbackloop.kernel.gate;

/** A version's approval for one environment; an empty result when no result was ever recorded for it. */
public record FindVersionApproval(ApprovalKey key) {
}
