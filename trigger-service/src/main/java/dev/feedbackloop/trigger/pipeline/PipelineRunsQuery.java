package dev.feedbackloop.trigger.pipeline;

import dev.feedbackloop.kernel.trigger.FindPipelineRuns;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/** Runs of one pipeline, agent or state, newest first; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record PipelineRunsQuery(@Size(min = 1, max = JsonValues.MAX_ID_LENGTH) String pipeline,
                                @WellFormedId String agentId,
                                @OneOf({"requested", "started", "completed", "failed"}) String state,
                                @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindPipelineRuns query() {
        return new FindPipelineRuns(pipeline, agentId, state, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
