package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.FeedbackId;

/**
 * The result of one submission. {@link Status#ACCEPTED} covers a repeat of stored content too: the client gets
 * the same answer and nothing is stored twice.
 */
public record SubmissionOutcome(FeedbackId feedbackId, Status status) {

    public enum Status { ACCEPTED, CONFLICT }

    public static SubmissionOutcome accepted(FeedbackId id) {
        return new SubmissionOutcome(id, Status.ACCEPTED);
    }

    public static SubmissionOutcome conflict(FeedbackId id) {
        return new SubmissionOutcome(id, Status.CONFLICT);
    }
}
