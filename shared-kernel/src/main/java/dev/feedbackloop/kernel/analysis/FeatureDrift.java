package dev.feedbackloop.kernel.analysis;

/**
 * One feature's PSI at one evaluation. {@code psi} is null when either window holds fewer samples than the minimum;
 * {@code level} is {@code insufficient_data}, {@code stable}, {@code moderate} or {@code significant}.
 */
public record FeatureDrift(String feature, Double psi, String level, long referenceCount, long currentCount) {
}
