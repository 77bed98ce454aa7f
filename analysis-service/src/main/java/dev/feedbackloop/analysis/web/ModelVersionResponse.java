package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.ModelVersionView;

import java.time.Instant;
import java.util.List;

/** A released model version as recorded. */
public record ModelVersionResponse(String modelId, String version, Instant releasedAt, String notes, Instant recordedAt) {

    static ModelVersionResponse of(ModelVersionView v) {
        return new ModelVersionResponse(v.modelId(), v.version(), v.releasedAt(), v.notes(), v.recordedAt());
    }

    /** A model's versions, newest release first. */
    public record Versions(String modelId, List<ModelVersionResponse> versions) {

        static Versions of(String modelId, List<ModelVersionView> versions) {
            return new Versions(modelId, versions.stream().map(ModelVersionResponse::of).toList());
        }
    }

    /** Every model with its newest released version. */
    public record Models(List<Model> models) {

        static Models of(List<ModelVersionView> latest) {
            return new Models(latest.stream().map(v -> new Model(v.modelId(), ModelVersionResponse.of(v))).toList());
        }
    }

    public record Model(String modelId, ModelVersionResponse latestVersion) {
    }
}
