package dev.feedbackloop.kernel.analysis;

/** Events of the Model aggregate. */
public sealed interface ModelEvent permits ModelVersionReleased {
    ModelId modelId();
}
