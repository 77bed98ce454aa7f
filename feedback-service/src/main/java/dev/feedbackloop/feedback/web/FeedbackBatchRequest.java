package dev.feedbackloop.feedback.web;

import dev.feedbackloop.support.web.FieldError;

import java.util.List;

/**
 * A batch of feedback, each item read on its own by {@link FeedbackBatchReader}: one that breaks a rule is rejected
 * alone, naming its errors, and the others are stored.
 */
public record FeedbackBatchRequest(List<Item> items) {

    /**
     * One item: its request, or the errors that kept it from being one. {@code feedbackId} is the item's own id when
     * it gave a well-formed one, so that a rejected item can be told apart from its neighbours.
     */
    public record Item(FeedbackRequest request, String feedbackId, List<FieldError> errors) {

        static Item read(FeedbackRequest request) {
            return new Item(request, request.feedbackId(), List.of());
        }

        static Item rejected(String feedbackId, List<FieldError> errors) {
            return new Item(null, feedbackId, List.copyOf(errors));
        }
    }
}
