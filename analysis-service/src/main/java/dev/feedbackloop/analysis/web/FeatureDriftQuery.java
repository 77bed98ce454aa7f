package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

/** One feature's drift: drift is measured per agent, so the agent is required; {@code limit} evaluations of history. */
@ApiQuery
public record FeatureDriftQuery(@NotNull @WellFormedId(rule = "identifier") String agentId,
                                @Range(min = 1, max = FeatureDriftQuery.MAX_HISTORY) Long limit) {

    static final int DEFAULT_HISTORY = 168;
    static final int MAX_HISTORY = 10_000;

    int history() {
        return limit == null ? DEFAULT_HISTORY : limit.intValue();
    }
}
