package dev.feedbackloop.kernel.analysis;

/** One recorded version of a model; answers an empty result when there is none. */
public record FindModelVersion(ModelId modelId, String version) {
}
