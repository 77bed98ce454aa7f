package dev.feedbackloop.trigger.testcase;

import dev.feedbackloop.kernel.trigger.FindTestCases;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** Test cases in one state, of one agent or failure cluster; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record TestCasesQuery(@OneOf({"proposed", "approved", "rejected", "retired"}) String state,
                             @WellFormedId String agentId, @WellFormedId String clusterId,
                             @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindTestCases query() {
        return new FindTestCases(state, agentId, clusterId, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
