package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.EvaluationRunView;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An evaluation run: what was asked, what the pipeline reported, and the verdict against the baseline run. */
@Schema(name = "EvaluationRun")
public record EvaluationRunResponse(String id,
                                    @Schema(allowableValues = {"requested", "started", "completed", "failed",
                                            "timed_out"}) String state,
                                    String agentId, String agentVersion, String dataset, String incidentId,
                                    String reason, Instant requestedAt, Instant deadline, String externalId,
                                    Instant startedAt, Instant endedAt, Map<String, Double> metrics,
                                    String failureReason, String verdict, String baselineRunId, List<String> reasons,
                                    Instant judgedAt) {

    static EvaluationRunResponse of(EvaluationRunView v) {
        return new EvaluationRunResponse(v.runId(), v.state(), v.agentId(), v.agentVersion(), v.dataset(),
                v.incidentId(), v.reason(), v.requestedAt(), v.deadline(), v.externalId(), v.startedAt(), v.endedAt(),
                v.metrics(), v.failureReason(), v.verdict(), v.baselineRunId(), v.reasons(), v.judgedAt());
    }

    /** The run just requested, before the read model has it; it must report back within {@code timeout}. */
    static EvaluationRunResponse requested(RequestEvaluationRun c, Duration timeout) {
        return of(new EvaluationRunView(c.runId(), c.incidentId(), c.agentId(), c.agentVersion(), c.dataset(),
                c.reason(), "requested", c.requestedAt(), c.requestedAt().plus(timeout), null, null, null, null, null,
                null, null, null, null));
    }

    /** The answer to a report: the run and the state it is now in. */
    @Schema(name = "EvaluationRunReport")
    public record Report(String id, @Schema(allowableValues = {"started", "completed", "failed"}) String state) {
    }
}
