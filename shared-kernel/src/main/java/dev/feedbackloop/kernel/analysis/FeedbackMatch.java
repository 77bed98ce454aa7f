package dev.feedbackloop.kernel.analysis;

import dev.feedbackloop.kernel.feedback.Thumbs;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feedback that matched a search, flattened as the search indexes it; a part the feedback did not carry is null.
 * {@code metadata} holds the named metadata fields and every other key the agent sent; {@code assessments} the
 * current value of each of the trace's assessments by name.
 */
public record FeedbackMatch(String feedbackId, String traceId, String sessionId, String userId, Instant timestamp,
                            Instant receivedAt, String agentId, String agentVersion, String intentCategory,
                            Integer rating, Thumbs thumbs, String comment, String correction, Boolean taskCompleted,
                            Boolean followUpRequired, Long timeToCompletionMs, Integer retryCount,
                            Boolean escalatedToHuman, boolean negative, Map<String, Object> metadata,
                            Map<String, Object> assessments) {

    public FeedbackMatch {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        assessments = assessments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(assessments));
    }
}
