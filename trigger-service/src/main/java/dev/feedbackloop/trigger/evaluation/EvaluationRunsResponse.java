package dev.feedbackloop.trigger.evaluation;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Evaluation runs, newest first. */
@Schema(name = "EvaluationRuns")
public record EvaluationRunsResponse(List<EvaluationRunResponse> evaluationRuns) {
}
