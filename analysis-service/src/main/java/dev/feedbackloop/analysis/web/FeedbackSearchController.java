package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.search.FilterException;
import dev.feedbackloop.analysis.search.PageTokenException;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.FieldError;
import dev.feedbackloop.support.web.ProblemHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedback search for ML teams: {@code GET /api/v1/analytics/feedback?filter=...&page_size=...&page_token=...},
 * newest first. The access rule of {@link AnalyticsController} (analytics:read) covers it.
 */
@RestController
@RequestMapping("/api/v1/analytics")
public class FeedbackSearchController {

    static final int MAX_FILTER_LENGTH = 10_000;

    private final QueryGateway queries;

    public FeedbackSearchController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/feedback")
    public Mono<Map<String, Object>> search(@RequestParam(name = "filter", required = false) String filter,
                                            @RequestParam(name = "page_size", required = false) String pageSize,
                                            @RequestParam(name = "page_token", required = false) String pageToken) {
        if (filter != null && filter.length() > MAX_FILTER_LENGTH) {
            return Mono.error(ApiProblem.validation("filter", "max_length",
                    "must be at most " + MAX_FILTER_LENGTH + " characters"));
        }
        int size;
        try {
            size = pageSize == null ? SearchFeedback.DEFAULT_PAGE_SIZE : Integer.parseInt(pageSize.strip());
        } catch (NumberFormatException e) {
            return Mono.error(ApiProblem.validation("page_size", "type", "must be an integer"));
        }
        if (size < 1 || size > SearchFeedback.MAX_PAGE_SIZE) {
            return Mono.error(ApiProblem.validation("page_size", "range",
                    "must be between 1 and " + SearchFeedback.MAX_PAGE_SIZE));
        }
        SearchFeedback query = new SearchFeedback(filter, size, pageToken == null || pageToken.isEmpty() ? null : pageToken);
        return Mono.fromFuture(() -> queries.query(query, ResponseTypes.instanceOf(FeedbackPage.class)))
                .onErrorMap(FeedbackSearchController::toProblem)
                .map(FeedbackSearchController::toJson);
    }

    private static Throwable toProblem(Throwable thrown) {
        Throwable error = ProblemHandler.unwrap(thrown);
        if (error instanceof FilterException e) {
            return ApiProblem.validation(List.of(new FieldError("filter", e.rule(), e.getMessage(), e.position())));
        }
        if (error instanceof PageTokenException e) {
            return ApiProblem.validation("page_token", e.rule(), e.getMessage());
        }
        return thrown;
    }

    static Map<String, Object> toJson(FeedbackPage page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feedback", page.feedback().stream().map(FeedbackSearchController::toJson).toList());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        return out;
    }

    /** The stored fields in snake_case; a field the feedback did not carry is left out. */
    static Map<String, Object> toJson(FeedbackMatch m) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "feedback_id", m.feedbackId());
        put(out, "trace_id", m.traceId());
        put(out, "session_id", m.sessionId());
        put(out, "user_id", m.userId());
        put(out, "timestamp", m.timestamp() == null ? null : m.timestamp().toString());
        put(out, "received_at", m.receivedAt() == null ? null : m.receivedAt().toString());
        put(out, "agent_id", m.agentId());
        put(out, "agent_version", m.agentVersion());
        put(out, "intent_category", m.intentCategory());
        put(out, "rating", m.rating());
        put(out, "thumbs", m.thumbs() == null ? null : m.thumbs().wireName());
        put(out, "comment", m.comment());
        put(out, "correction", m.correction());
        put(out, "task_completed", m.taskCompleted());
        put(out, "follow_up_required", m.followUpRequired());
        put(out, "time_to_completion_ms", m.timeToCompletionMs());
        put(out, "retry_count", m.retryCount());
        put(out, "escalated_to_human", m.escalatedToHuman());
        out.put("negative", m.negative());
        out.put("metadata", m.metadata());
        out.put("assessments", m.assessments());
        return out;
    }

    private static void put(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
