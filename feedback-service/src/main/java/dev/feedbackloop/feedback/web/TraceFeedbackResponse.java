package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.FeedbackView;

import java.util.List;

/** The feedback of one trace. */
public record TraceFeedbackResponse(String traceId, List<FeedbackResponse> feedback) {

    static TraceFeedbackResponse of(String traceId, List<FeedbackView> feedback) {
        return new TraceFeedbackResponse(traceId, feedback.stream().map(FeedbackResponse::of).toList());
    }
}
