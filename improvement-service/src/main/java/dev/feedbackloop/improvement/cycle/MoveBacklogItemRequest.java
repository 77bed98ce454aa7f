package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Moves a backlog item to {@code position} (0 is the top; past the end is refused by the cycle). */
@ApiRequest
public record MoveBacklogItemRequest(@NotNull @Min(0) Integer position,
                                     @Size(max = JsonValues.MAX_NAME_LENGTH) String by) {
}
