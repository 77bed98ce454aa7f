package dev.feedbackloop.kernel.feedback;

/** The stored feedback with this id; answers an empty result when there is none. */
public record FindFeedback(FeedbackId feedbackId) {
}
