package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;

import java.time.Instant;

/** The intent breakdown of a period (the last 7 days by default) against the period before, of all agents or one. */
@ApiQuery
public record IntentsQuery(@YearRange Instant start, @YearRange Instant end,
                           @WellFormedId(rule = "identifier") String agentId) {
}
