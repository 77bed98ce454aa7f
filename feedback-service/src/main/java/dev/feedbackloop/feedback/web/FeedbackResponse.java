package dev.feedbackloop.feedback.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackView;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored feedback in the specification's field names, as it was posted: the signal groups the client left out are
 * left out, the metadata keys it added beside the named ones are kept.
 */
public record FeedbackResponse(String feedbackId, String traceId, Instant timestamp, String userId, String sessionId,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Explicit explicitFeedback,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Implicit implicitSignals,
                               Metadata metadata, Instant receivedAt) {

    static FeedbackResponse of(FeedbackView f) {
        return new FeedbackResponse(f.feedbackId(), f.traceId(), f.timestamp(), f.userId(), f.sessionId(),
                Explicit.of(f.explicitFeedback()), Implicit.of(f.implicitSignals()), Metadata.of(f.metadata()),
                f.receivedAt());
    }

    @Schema(name = "StoredExplicitFeedback")
    public record Explicit(Integer rating, @Schema(allowableValues = {"up", "down"}) String thumbs, String comment,
                           String correction) {

        static Explicit of(ExplicitFeedback x) {
            return x == null ? null : new Explicit(x.rating(), x.thumbs() == null ? null : x.thumbs().wireName(),
                    x.comment(), x.correction());
        }
    }

    @Schema(name = "StoredImplicitSignals")
    public record Implicit(Boolean taskCompleted, Boolean followUpRequired, Long timeToCompletionMs, Integer retryCount,
                           Boolean escalatedToHuman) {

        static Implicit of(ImplicitSignals s) {
            return s == null ? null : new Implicit(s.taskCompleted(), s.followUpRequired(), s.timeToCompletionMs(),
                    s.retryCount(), s.escalatedToHuman());
        }
    }

    /** The named metadata fields beside every other key the agent sent; {@code input_features} only when given. */
    @Schema(name = "StoredFeedbackMetadata")
    public record Metadata(String agentId, String agentVersion, String intentCategory, List<String> toolsUsed,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> inputFeatures,
                           @JsonIgnore Map<String, Object> attributes) {

        static Metadata of(FeedbackMetadata m) {
            return new Metadata(m.agentId(), m.agentVersion(), m.intentCategory(), m.toolsUsed(), m.inputFeatures(),
                    m.attributes());
        }

        @JsonAnyGetter
        public Map<String, Object> otherKeys() {
            return attributes;
        }
    }
}
