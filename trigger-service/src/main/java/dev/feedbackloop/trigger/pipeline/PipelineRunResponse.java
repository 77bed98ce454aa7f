package dev.feedbackloop.trigger.pipeline;

import dev.feedbackloop.kernel.trigger.PipelineRunView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** A run of an automated pipeline: what asked for it, and what the pipeline reported. */
@Schema(name = "PipelineRun")
public record PipelineRunResponse(String id, String pipeline,
                                  @Schema(allowableValues = {"requested", "started", "completed", "failed"}) String state,
                                  String agentId, String incidentId, Map<String, String> parameters, String reason,
                                  Instant requestedAt, String externalId, Instant startedAt, Instant endedAt,
                                  Map<String, String> outputs, String failureReason) {

    static PipelineRunResponse of(PipelineRunView v) {
        return new PipelineRunResponse(v.runId(), v.pipeline(), v.state(), v.agentId(), v.incidentId(), v.parameters(),
                v.reason(), v.requestedAt(), v.externalId(), v.startedAt(), v.endedAt(), v.outputs(),
                v.failureReason());
    }

    /** The answer to a report: the run and the state it is now in. */
    @Schema(name = "PipelineRunReport")
    public record Report(String id, @Schema(allowableValues = {"started", "completed", "failed"}) String state) {
    }
}
