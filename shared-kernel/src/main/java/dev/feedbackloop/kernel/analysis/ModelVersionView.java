package dev.feedbackloop.kernel.analysis;

import java.time.Instant;

/** A recorded model version as the query side serves it. */
public record ModelVersionView(String modelId, String version, Instant releasedAt, String notes, Instant recordedAt) {

    public static ModelVersionView of(ModelVersionReleased e) {
        return new ModelVersionView(e.modelId().value(), e.version(), e.releasedAt(), e.notes(), e.recordedAt());
    }
}
