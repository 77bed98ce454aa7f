package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/** A ticket opened by hand: it has no incident, rule or severity. */
@ApiRequest
public record OpenTicketRequest(@NotNull @NotBlank @Size(max = JsonValues.MAX_NAME_LENGTH) String title,
                                @Size(max = JsonValues.MAX_TEXT_LENGTH) String description,
                                @NotNull @OneOf({"low", "medium", "high", "critical"}) String priority,
                                @NotNull @WellFormedId String agentId) {

    CreateTicket command(String ticketId, Instant now) {
        return new CreateTicket(ticketId, null, agentId, null, title, description, Priority.fromWireName(priority),
                null, 0, Map.of(), now);
    }
}
