package dev.feedbackloop.feedback.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The answer of GetTraceInfoV3 ({@code GET /api/3.0/mlflow/traces/{trace_id}}, mlflow/protos/service.proto):
 * {@code {"trace": {"trace_info": {..}}}}, the way MLflow clients read a trace's assessments. The platform fills what
 * it knows of a trace: its id, when it started (once its spans arrived), its state, and every assessment MLflow
 * would list (valid or overridden; deleted ones are gone, as in MLflow).
 */
@Schema(name = "MlflowTraceInfoResponse")
public record TraceInfoResponse(Trace trace) {

    @Schema(name = "MlflowTrace")
    public record Trace(TraceInfo traceInfo) {
    }

    @Schema(name = "MlflowTraceInfo")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TraceInfo(String traceId, Instant requestTime, String state, List<MlflowAssessment> assessments) {
    }
}
