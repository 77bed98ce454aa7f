package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.FindFailureModeReport;
import dev.feedbackloop.kernel.common.IsoWeeks;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.WellFormedId;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** The failure-mode report of an ISO week (the current one by default), of one agent or of all. */
@ApiQuery
public record FailureModeReportQuery(@IsoWeek @Schema(example = "2026-W47") String week,
                                     @WellFormedId(rule = "identifier") String agentId) {

    FindFailureModeReport query(Instant now) {
        String name = week == null ? IsoWeeks.of(now) : week;
        return new FindFailureModeReport(name, IsoWeeks.start(name), IsoWeeks.end(name), agentId);
    }
}
