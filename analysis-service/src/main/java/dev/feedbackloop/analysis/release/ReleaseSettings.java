package dev.feedbackloop.analysis.release;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Canary evaluation ({@code platform.releases.*}).
 *
 * @param evaluateEvery       how often (wall clock) open releases are evaluated
 * @param minRateSamples      fewest interactions or feedback a rate (error, task success, thumbs up) is judged on
 * @param minP95Samples       fewest interactions a P95 latency is judged on
 * @param minP99Samples       fewest interactions a P99 latency is judged on
 * @param promotionConfidence two-sided confidence of the intervals a promotion criterion must clear (0.95)
 * @param triggerConfidence   one-sided confidence with which a rollback trigger must be past its threshold (0.80):
 *                            lower than for promotion because keeping a bad canary costs more than rolling back a good one
 * @param feedbackRetention   how long (event time, before now) each feedback's counters are kept for the side-by-side
 *                            fold; never less than an open release needs (see {@link ReleaseFeedbackPruner})
 */
@ConfigurationProperties("platform.releases")
public record ReleaseSettings(@DefaultValue("1m") Duration evaluateEvery,
                              @DefaultValue("100") int minRateSamples,
                              @DefaultValue("100") int minP95Samples,
                              @DefaultValue("400") int minP99Samples,
                              @DefaultValue("0.95") double promotionConfidence,
                              @DefaultValue("0.80") double triggerConfidence,
                              @DefaultValue("14d") Duration feedbackRetention) {

    public ReleaseSettings {
        if (evaluateEvery.isNegative() || evaluateEvery.isZero()) {
            throw new IllegalArgumentException("platform.releases.evaluate-every must be positive, was " + evaluateEvery);
        }
        if (minRateSamples < 10 || minP95Samples < 20 || minP99Samples < 100) {
            throw new IllegalArgumentException("platform.releases.min-*-samples must be at least 10 (rates), 20 (p95) "
                    + "and 100 (p99): fewer cannot bound a rate or a tail");
        }
        if (!(promotionConfidence >= 0.5 && promotionConfidence < 1) || !(triggerConfidence >= 0.5 && triggerConfidence < 1)) {
            throw new IllegalArgumentException("platform.releases.*-confidence must be in [0.5, 1)");
        }
        if (feedbackRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("platform.releases.feedback-retention must be at least 1h, was "
                    + feedbackRetention);
        }
    }

    public static ReleaseSettings defaults() {
        return new ReleaseSettings(Duration.ofMinutes(1), 100, 100, 400, 0.95, 0.80, Duration.ofDays(14));
    }
}
