package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.support.web.ApiRequest;
import dev.feedbackloop.support.web.JsonValues;
import dev.feedbackloop.support.web.WellFormedId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Asks for an evaluation of an agent's version on a dataset, optionally for an incident and with a reason. */
@ApiRequest
public record RequestEvaluationRunRequest(@NotNull @WellFormedId String agentId,
                                          @NotNull @WellFormedId String agentVersion,
                                          @NotNull @WellFormedId String dataset,
                                          @Size(max = JsonValues.MAX_TEXT_LENGTH) String reason,
                                          @WellFormedId String incidentId) {

    RequestEvaluationRun command(String runId, Instant now) {
        return new RequestEvaluationRun(runId, incidentId, agentId, agentVersion, dataset, reason, now);
    }
}
