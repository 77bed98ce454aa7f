package dev.feedbackloop.kernel.analysis;

/** Every model with a recorded version, by model id, each with its newest released version. */
public record FindModels() {
}
