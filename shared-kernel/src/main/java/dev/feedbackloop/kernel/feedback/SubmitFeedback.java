package dev.feedbackloop.kernel.feedback;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Store one feedback. {@code fingerprint} identifies the content as the client sent it (before server
 * defaults), so a retry of the same request is recognised as the same feedback.
 */
public record SubmitFeedback(@TargetAggregateIdentifier FeedbackId feedbackId, FeedbackContent content,
                             String fingerprint, Instant receivedAt) {
}
