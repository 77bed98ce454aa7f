package dev.feedbackloop.kernel.feedback;

import java.time.Instant;

/** A stored feedback as the query side serves it. */
public record FeedbackView(String feedbackId, String traceId, Instant timestamp, String userId, String sessionId,
                           ExplicitFeedback explicitFeedback, ImplicitSignals implicitSignals,
                           FeedbackMetadata metadata, Instant receivedAt) {
}
