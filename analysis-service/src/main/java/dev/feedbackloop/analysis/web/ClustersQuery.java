package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindFailureClusters;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.WellFormedId;

/** The failure clusters of one agent or of all, in any state or one. */
@ApiQuery
public record ClustersQuery(@WellFormedId(rule = "identifier") String agentId,
                            @OneOf({"active", "resolved", "merged", "split"}) String state) {

    FindFailureClusters query() {
        return new FindFailureClusters(agentId, state);
    }
}
