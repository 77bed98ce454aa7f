package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindConditions;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.WellFormedId;

/** The rule conditions of one agent or of all, all of them or only those met or cleared. */
@ApiQuery
public record ConditionsQuery(@WellFormedId(rule = "identifier") String agentId, @OneOf({"met", "cleared"}) String state) {

    FindConditions query() {
        return new FindConditions(agentId, state);
    }
}
