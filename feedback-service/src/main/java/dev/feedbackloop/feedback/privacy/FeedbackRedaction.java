package dev.feedbackloop.feedback.privacy;

import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackContent;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.privacy.Redactor;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies the configured redaction ({@code platform.privacy.redact}) to a feedback's free text before it is stored:
 * comment, correction and the text values of metadata attributes. The fingerprint stays the one of the text as sent,
 * so a retry of the same request is still recognised.
 */
@Component
public class FeedbackRedaction {

    private final Redactor redactor;

    public FeedbackRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    public SubmitFeedback apply(SubmitFeedback command) {
        if (!redactor.isActive()) {
            return command;
        }
        FeedbackContent c = command.content();
        ExplicitFeedback x = c.explicitFeedback();
        ExplicitFeedback redacted = x == null ? null
                : new ExplicitFeedback(x.rating(), x.thumbs(), redactor.redact(x.comment()), redactor.redact(x.correction()));
        FeedbackMetadata m = c.metadata();
        Map<String, Object> attributes = new LinkedHashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k, v instanceof String s ? redactor.redact(s) : v));
        FeedbackMetadata metadata = new FeedbackMetadata(m.agentId(), m.agentVersion(), m.intentCategory(),
                m.toolsUsed(), m.inputFeatures(), attributes);
        return new SubmitFeedback(command.feedbackId(), new FeedbackContent(c.traceId(), c.timestamp(), c.userId(),
                c.sessionId(), redacted, c.implicitSignals(), metadata), command.fingerprint(), command.receivedAt());
    }
}
