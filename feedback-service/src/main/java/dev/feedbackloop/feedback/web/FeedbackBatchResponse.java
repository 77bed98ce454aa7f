package dev.feedbackloop.feedback.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedbackloop.support.web.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * What became of each item of a batch, in the batch's order: {@code accepted} (stored now or before),
 * {@code rejected} (its errors say why) or {@code conflict} (its id was stored with other content).
 */
public record FeedbackBatchResponse(long accepted, long rejected, List<Item> items) {

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";
    static final String CONFLICT = "conflict";

    static FeedbackBatchResponse of(List<Item> items) {
        long accepted = items.stream().filter(item -> ACCEPTED.equals(item.status())).count();
        return new FeedbackBatchResponse(accepted, items.size() - accepted, items);
    }

    @Schema(name = "FeedbackBatchItem")
    public record Item(int index, String feedbackId,
                       @Schema(allowableValues = {ACCEPTED, REJECTED, CONFLICT}) String status,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<FieldError> errors) {
    }
}
