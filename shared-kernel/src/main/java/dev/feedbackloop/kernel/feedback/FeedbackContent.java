package dev.feedbackloop.kernel.feedback;

import java.time.Instant;

/**
 * One feedback as the agent described it. {@code timestamp} is the event time of the interaction;
 * the ingestion side fills it with the receipt time when the agent left it out.
 */
public record FeedbackContent(TraceId traceId, Instant timestamp, String userId, String sessionId,
                              ExplicitFeedback explicitFeedback, ImplicitSignals implicitSignals,
                              FeedbackMetadata metadata) {

    public FeedbackContent {
        if (traceId == null) {
            throw new IllegalArgumentException("trace_id is required");
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("timestamp is required");
        }
        metadata = metadata == null ? FeedbackMetadata.EMPTY : metadata;
        boolean explicit = explicitFeedback != null && explicitFeedback.carriesSignal();
        boolean implicit = implicitSignals != null && implicitSignals.carriesSignal();
        if (!explicit && !implicit) {
            throw new IllegalArgumentException("a feedback must carry at least one explicit or implicit signal");
        }
    }
}
