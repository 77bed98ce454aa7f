package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.trigger.CreateTicket;
import dev.feedbackloop.kernel.trigger.TicketView;
import dev.feedbackloop.support.web.Requests;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * A ticket as the API shows it. A ticket an incident opened names the incident, its rule and severity and the
 * volume it affects; one opened by hand has none of them.
 */
@Schema(name = "Ticket")
public record TicketResponse(String id, String incidentId, String agentId, String rule, String title,
                             String description,
                             @Schema(allowableValues = {"low", "medium", "high", "critical"}) String priority,
                             String severity, long affectedVolume, Map<String, String> scope,
                             @Schema(allowableValues = {"open", "resolved"}) String state, Instant createdAt,
                             String prioritizedBy, String priorityReason, Instant prioritizedAt, String resolution,
                             String resolvedBy, Instant resolvedAt) {

    static TicketResponse of(TicketView v) {
        return new TicketResponse(v.ticketId(), v.incidentId(), v.agentId(), v.rule(), v.title(), v.description(),
                v.priority() == null ? null : v.priority().wireName(),
                v.severity() == null ? null : v.severity().wireName(), v.affectedVolume(), Requests.scope(v.scope()),
                v.state(), v.createdAt(), v.prioritizedBy(), v.priorityReason(), v.prioritizedAt(), v.resolution(),
                v.resolvedBy(), v.resolvedAt());
    }

    /** The ticket just opened, before the read model has it. */
    static TicketResponse opened(CreateTicket c) {
        return of(new TicketView(c.ticketId(), c.incidentId(), c.agentId(), c.rule(), c.title(), c.description(),
                c.priority(), c.severity(), c.affectedVolume(), c.scope(), "open", c.createdAt(), null, null, null,
                null, null, null));
    }
}
