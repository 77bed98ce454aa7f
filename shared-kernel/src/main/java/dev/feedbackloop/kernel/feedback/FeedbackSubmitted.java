package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A feedback was durably stored. Its {@code timestamp} is the event time every analysis uses. */
@Revision("1")
public record FeedbackSubmitted(FeedbackId feedbackId, TraceId traceId, Instant timestamp, String userId,
                                String sessionId, ExplicitFeedback explicitFeedback, ImplicitSignals implicitSignals,
                                FeedbackMetadata metadata, String fingerprint, Instant receivedAt)
        implements FeedbackEvent {

    public static FeedbackSubmitted from(SubmitFeedback command) {
        FeedbackContent c = command.content();
        return new FeedbackSubmitted(command.feedbackId(), c.traceId(), c.timestamp(), c.userId(), c.sessionId(),
                c.explicitFeedback(), c.implicitSignals(), c.metadata(), command.fingerprint(), command.receivedAt());
    }

    /** Thumbs down, a rating of 2 or less, a correction, or an escalation to a human. */
    public boolean isNegativeSignal() {
        return (explicitFeedback != null && explicitFeedback.isNegative())
                || (implicitSignals != null && Boolean.TRUE.equals(implicitSignals.escalatedToHuman()));
    }
}
