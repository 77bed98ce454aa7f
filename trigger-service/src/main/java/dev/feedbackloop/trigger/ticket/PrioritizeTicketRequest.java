package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.OneOf;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A ticket's new priority, why, and who decided it ({@code by} defaults to the API key's name). */
@ApiRequest
public record PrioritizeTicketRequest(@NotNull @OneOf({"low", "medium", "high", "critical"}) String priority,
                                      @Size(max = JsonValues.MAX_TEXT_LENGTH) String reason,
                                      @Size(max = JsonValues.MAX_NAME_LENGTH) String by) {
}
