package dev.feedbackloop.trigger.ticket;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Tickets, highest priority first, then oldest first. */
@Schema(name = "Tickets")
public record TicketsResponse(List<TicketResponse> tickets) {
}
