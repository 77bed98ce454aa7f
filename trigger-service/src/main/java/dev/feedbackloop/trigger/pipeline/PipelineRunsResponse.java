package dev.feedbackloop.trigger.pipeline;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Pipeline runs, newest first. */
@Schema(name = "PipelineRuns")
public record PipelineRunsResponse(List<PipelineRunResponse> pipelineRuns) {
}
