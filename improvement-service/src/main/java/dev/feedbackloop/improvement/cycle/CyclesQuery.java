package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.kernel.cycle.FindImprovementCycles;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.Requests;
import dev.feedbackloop.support.web.WellFormedId;
import org.hibernate.validator.constraints.Range;

/** The cycles of one agent or of all, newest week first; {@code limit} 1 to 1000, 100 by default. */
@ApiQuery
public record CyclesQuery(@WellFormedId String agentId, @Range(min = 1, max = Requests.MAX_LIMIT) Integer limit) {

    FindImprovementCycles query() {
        return new FindImprovementCycles(agentId, null, limit == null ? Requests.DEFAULT_LIMIT : limit);
    }
}
