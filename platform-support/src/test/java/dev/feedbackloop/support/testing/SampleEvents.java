package dev.feedbackloop.support.testing;

import dev.feedbackloop.kernel.analysis.ModelId;
import dev.feedbackloop.kernel.analysis.ModelVersionReleased;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentError;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One fully populated instance of each event, for format and store tests. */
public final class SampleEvents {

    public static final Instant AT = Instant.parse("2026-11-28T09:15:00Z");

    private SampleEvents() {
    }

    public static FeedbackSubmitted feedbackSubmitted(String feedbackId) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("prompt_length", 412L);
        features.put("language", "en");
        return new FeedbackSubmitted(FeedbackId.of(feedbackId), TraceId.of("tr-1"), AT, "u-1", "s-1",
                new ExplicitFeedback(4, Thumbs.UP, "quick and right", null),
                new ImplicitSignals(true, false, 5300L, 0, false),
                new FeedbackMetadata("support-bot", "2.3.1", "billing", List.of("crm_lookup"), features,
                        Map.of("channel", "web")),
                "f1ngerpr1nt", AT.plusMillis(250));
    }

    public static AssessmentLogged assessmentLogged() {
        return new AssessmentLogged(TraceId.of("tr-1"), AssessmentId.of("a-2"), "correctness", Map.of("score", 0.5),
                new AssessmentSource(AssessmentSourceType.LLM_JUDGE, "judge-v1"), "partly right",
                Map.of("model", "judge"), AssessmentId.of("a-1"), AT);
    }

    public static AssessmentUpdated assessmentUpdated() {
        return new AssessmentUpdated(TraceId.of("tr-1"), AssessmentId.of("a-2"),
                java.util.Set.of(AssessmentField.RATIONALE, AssessmentField.VALUE, AssessmentField.ERROR), null,
                null, null, new AssessmentError("TIMEOUT", "judge timed out", null), "judge failed", null,
                AT.plusSeconds(30));
    }

    public static AssessmentDeleted assessmentDeleted() {
        return new AssessmentDeleted(TraceId.of("tr-1"), AssessmentId.of("a-2"), AssessmentId.of("a-1"), AT.plusSeconds(60));
    }

    public static ModelVersionReleased modelVersionReleased() {
        return new ModelVersionReleased(ModelId.of("support-bot"), "2.4.0", Instant.parse("2026-11-20T10:00:00Z"),
                "refund answers cite the policy", AT);
    }
}
