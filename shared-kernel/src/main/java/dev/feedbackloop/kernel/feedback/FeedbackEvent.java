package dev.feedbackloop.kernel.feedback;

/** Events of the Feedback aggregate. */
public sealed interface FeedbackEvent permits FeedbackSubmitted {
    FeedbackId feedbackId();
}
