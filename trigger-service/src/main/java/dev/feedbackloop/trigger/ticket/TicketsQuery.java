package dev.feedbackloop.trigger.ticket;

import dev.feedbackloop.kernel.trigger.FindTickets;
import dev.feedbackloop.kernel.trigger.Priority;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** Tickets in one state, of one priority or agent; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record TicketsQuery(@OneOf({"open", "resolved"}) String state,
                           @OneOf({"low", "medium", "high", "critical"}) String priority,
                           @WellFormedId String agentId, @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindTickets query() {
        return new FindTickets(state, priority == null ? null : Priority.fromWireName(priority), agentId,
                limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
