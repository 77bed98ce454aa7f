package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** How a ticket was resolved, and by whom ({@code by} defaults to the API key's name). */
@ApiRequest
public record ResolveTicketRequest(@NotNull @NotBlank @Size(max = JsonValues.MAX_TEXT_LENGTH) String resolution,
                                   @Size(max = JsonValues.MAX_NAME_LENGTH) String by) {
}
