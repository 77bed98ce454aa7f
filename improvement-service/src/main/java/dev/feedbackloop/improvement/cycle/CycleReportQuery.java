package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.OneOf;
import dev.feedbackloop.support.web.WellFormedId;

/**
 * A cycle's report: the agent as for the cycle itself, and the {@code format}, Markdown unless it says html or the
 * Accept header asks for text/html before text/markdown.
 */
@ApiQuery
public record CycleReportQuery(@WellFormedId String agentId, @OneOf({"markdown", "html"}) String format) {
}
