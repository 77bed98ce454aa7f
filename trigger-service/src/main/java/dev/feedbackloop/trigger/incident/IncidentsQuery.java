package dev.feedbackloop.trigger.incident;

import dev.feedbackloop.kernel.trigger.FindIncidents;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** Incidents in one state, of one agent or rule; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record IncidentsQuery(@OneOf({"open", "cleared", "closed"}) String state, @WellFormedId String agentId,
                             @WellFormedId String rule, @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindIncidents query() {
        return new FindIncidents(state, agentId, rule, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
