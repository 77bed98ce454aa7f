package dev.feedbackloop.analysis.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** One page of a feedback search as the API answers it; no {@code next_page_token} on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackSearchPage(List<Hit> feedback, String nextPageToken) {

    static FeedbackSearchPage of(FeedbackPage page) {
        return new FeedbackSearchPage(page.feedback().stream().map(Hit::of).toList(), page.nextPageToken());
    }

    /** A feedback with its stored fields; a field the feedback did not carry is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FeedbackSearchHit")
    public record Hit(String feedbackId, String traceId, String sessionId, String userId, String timestamp,
                      String receivedAt, String agentId, String agentVersion, String intentCategory, Integer rating,
                      String thumbs, String comment, String correction, Boolean taskCompleted,
                      Boolean followUpRequired, Long timeToCompletionMs, Integer retryCount, Boolean escalatedToHuman,
                      boolean negative, Map<String, Object> metadata, Map<String, Object> assessments) {

        static Hit of(FeedbackMatch m) {
            return new Hit(m.feedbackId(), m.traceId(), m.sessionId(), m.userId(),
                    m.timestamp() == null ? null : m.timestamp().toString(),
                    m.receivedAt() == null ? null : m.receivedAt().toString(), m.agentId(), m.agentVersion(),
                    m.intentCategory(), m.rating(), m.thumbs() == null ? null : m.thumbs().wireName(), m.comment(),
                    m.correction(), m.taskCompleted(), m.followUpRequired(), m.timeToCompletionMs(), m.retryCount(),
                    m.escalatedToHuman(), m.negative(), m.metadata(), m.assessments());
        }
    }
}
