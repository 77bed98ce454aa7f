package dev.feedbackloop.kernel.cycle;

/** One of the top problems of the deep-dive: kind is failure_cluster, intent, segment or drift; key identifies it (cluster id, intent, segment, feature); volume is the feedback it affects. */
public record CycleProblem(String kind, String key, String label, long volume, String metric, Double value, Double change) {
}
