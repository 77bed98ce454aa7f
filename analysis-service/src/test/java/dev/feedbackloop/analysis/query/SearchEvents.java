package dev.feedbackloop.analysis.query;

import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;

import java.time.Instant;
import java.util.Map;

/** Events as the search projection receives them, built from the parts a test cares about. */
final class SearchEvents {

    private SearchEvents() {
    }

    static FeedbackSubmitted feedback(String id, String trace, String at, ExplicitFeedback explicit,
                                      ImplicitSignals implicit, FeedbackMetadata metadata) {
        Instant timestamp = Instant.parse(at);
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of(trace), timestamp, "user-" + id, "session-" + trace,
                explicit, implicit, metadata, "fingerprint-" + id, timestamp.plusMillis(250));
    }

    static AssessmentLogged logged(String trace, String id, String name, Object value, String at, String overrides) {
        return new AssessmentLogged(TraceId.of(trace), AssessmentId.of(id), name, value,
                new AssessmentSource(AssessmentSourceType.LLM_JUDGE, "judge-v1"), null, Map.of(),
                overrides == null ? null : AssessmentId.of(overrides), Instant.parse(at));
    }

    static AssessmentDeleted deleted(String trace, String id, String restored, String at) {
        return new AssessmentDeleted(TraceId.of(trace), AssessmentId.of(id),
                restored == null ? null : AssessmentId.of(restored), Instant.parse(at));
    }
}
