package dev.feedbackloop.kernel.analysis;

/**
 * The feedback metrics of one slice of feedback. Each rate is over the feedback that carries its signal (the
 * completion rate over feedback reporting {@code task_completed}, ...); a rate is null when none did. Times to
 * completion are percentiles in milliseconds, read from a histogram within about 4.5 %.
 */
public record MetricSnapshot(long totalFeedback, Double averageRating, Double completionRate, Double escalationRate,
                             Double retryRate, Double followUpRate, Double thumbsUpRate, long negativeSignals,
                             Double timeToCompletionP50, Double timeToCompletionP90, Double timeToCompletionP95,
                             Double timeToCompletionP99) {
}
