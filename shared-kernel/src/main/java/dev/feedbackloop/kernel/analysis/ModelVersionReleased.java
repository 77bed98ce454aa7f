package dev.feedbackloop.kernel.analysis;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A version of a model was released at {@code releasedAt} (the pipeline's word) and recorded by the platform at
 * {@code recordedAt}. "Model Update Available" triggers start from this event.
 */
@Revision("1")
public record ModelVersionReleased(ModelId modelId, String version, Instant releasedAt, String notes,
                                   Instant recordedAt) implements ModelEvent {

    public static ModelVersionReleased from(ReleaseModelVersion c) {
        return new ModelVersionReleased(c.modelId(), c.version(), c.releasedAt(), c.notes(), c.recordedAt());
    }
}
