package dev.feedbackloop.trigger.alert;

import dev.feedbackloop.kernel.trigger.FindAlerts;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** Alerts in one state or of one agent; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record AlertsQuery(@OneOf({"raised", "acknowledged", "resolved"}) String state, @WellFormedId String agentId,
                          @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindAlerts query() {
        return new FindAlerts(state, agentId, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
