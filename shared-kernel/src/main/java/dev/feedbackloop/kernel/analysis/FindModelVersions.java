package dev.feedbackloop.kernel.analysis;

/** Every recorded version of a model, newest released first; empty for a model never released. */
public record FindModelVersions(ModelId modelId) {
}
