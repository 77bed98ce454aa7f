package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;

/** The agent whose cycle a week names: needed when several agents have a cycle that week. */
@ApiQuery
public record CycleRefQuery(@WellFormedId String agentId) {
}
