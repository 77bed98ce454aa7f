package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.SummarizeFeedback;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** The feedback metrics of a period (the last 7 days by default), of all agents or one, a version, an intent. */
@ApiQuery
public record FeedbackSummaryQuery(@YearRange Instant start, @YearRange Instant end,
                                   @WellFormedId(rule = "identifier") String agentId,
                                   @NotBlank @Size(max = PathVariables.MAX_NAME_LENGTH) @Printable String agentVersion,
                                   @NotBlank @Size(max = PathVariables.MAX_NAME_LENGTH) @Printable String intentCategory) {

    SummarizeFeedback query(MetricsPeriod period) {
        return new SummarizeFeedback(period.start(), period.end(), agentId, agentVersion, intentCategory);
    }
}
