package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.OneOf;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Accepts or drops a backlog item. */
@ApiRequest
public record BacklogDecisionRequest(@NotNull @OneOf({"accepted", "dropped"}) String decision,
                                     @Size(max = JsonValues.MAX_NAME_LENGTH) String by) {
}
