package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.FindEvaluationRuns;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** Evaluation runs of one agent or state, newest first; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record EvaluationRunsQuery(@WellFormedId String agentId,
                                  @OneOf({"requested", "started", "completed", "failed", "timed_out"}) String state,
                                  @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindEvaluationRuns query() {
        return new FindEvaluationRuns(agentId, state, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
