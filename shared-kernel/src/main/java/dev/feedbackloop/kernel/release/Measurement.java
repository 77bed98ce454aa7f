package dev.feedbackloop.kernel.release;

/**
 * One metric of the canary beside the baseline over the same event-time window, and what the rule made of it.
 *
 * @param rule       the rule applied, readable ("canary upper 95% bound < max(0.02, 2.0 x baseline)")
 * @param confidence the confidence level of the interval the verdict rests on (0.95)
 * @param verdict    {@link Verdict}
 */
public record Measurement(String metric, Double canaryValue, Double baselineValue, long canarySamples,
                          long baselineSamples, String rule, double confidence, Verdict verdict) {

    /** What one metric says. */
    public enum Verdict { PASS, FAIL, BORDERLINE, INSUFFICIENT_DATA }
}
