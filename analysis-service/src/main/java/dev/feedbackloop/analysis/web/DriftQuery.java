package dev.feedbackloop.analysis.web;

import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;

/** The drift of every feature, of one agent or of all. */
@ApiQuery
public record DriftQuery(@WellFormedId(rule = "identifier") String agentId) {
}
