package dev.feedbackloop.feedback.web;

import dev.feedbackloop.kernel.feedback.FeedbackId;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a stored feedback, a first time or again: where it is kept. */
public record SubmittedFeedbackResponse(String feedbackId, @Schema(allowableValues = "accepted") String status) {

    static SubmittedFeedbackResponse of(FeedbackId id) {
        return new SubmittedFeedbackResponse(id.value(), "accepted");
    }
}
