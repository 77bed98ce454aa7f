package dev.feedbackloop.analysis.release;

import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.kernel.metrics.LogHistogram;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.release.CanaryConfig;
import dev.feedbackloop.kernel.release.EvaluateCanary.Decision;
import dev.feedbackloop.kernel.release.Measurement;
import dev.feedbackloop.kernel.release.Measurement.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a canary beside its baseline over the same window, without resampling: rates by Wilson score intervals,
 * latency percentiles by the binomial order-statistic interval of the quantile, each only above a minimum sample size
 * (see docs/releases.md). Rollback triggers come first and act when one-sidedly confident; then promotion needs every
 * criterion to pass with confidence.
 */
public final class CanaryJudge {

    /** The decision (null when nothing is to be said yet: every criterion passes but the stage is too young). */
    public record Judgement(Decision decision, String trigger, List<Measurement> measurements) {
    }

    /** One version's folds over the window. */
    public record Side(InteractionOutcomes interactions, FeedbackOutcomes feedback) {
    }

    record Interval(Double value, double lower, double upper, long samples) {
    }

    private final ReleaseSettings settings;

    public CanaryJudge(ReleaseSettings settings) {
        this.settings = settings;
    }

    public Judgement judge(CanaryConfig config, Side canary, Side baseline, boolean stageDurationPassed) {
        double zTrigger = z(settings.triggerConfidence(), true);
        List<Measurement> measurements = new ArrayList<>();
        Judgement fired = null;
        for (int i = 0; i < config.rollbackTriggers().size(); i++) {
            CanaryConfig.RollbackTrigger t = config.rollbackTriggers().get(i);
            Metric metric = Metric.named(t.metric());
            Interval c = interval(metric, canary, zTrigger);
            Interval b = interval(metric, baseline, zTrigger);
            Verdict verdict = c == null ? Verdict.INSUFFICIENT_DATA : c.lower() >= t.threshold() ? Verdict.FAIL
                    : c.value() != null && c.value() >= t.threshold() ? Verdict.BORDERLINE : Verdict.PASS;
            measurements.add(measurement(metric, c, b, samples(metric, canary), samples(metric, baseline), "rollback_triggers[" + i + "]: " + t.action() + " when the "
                    + "one-sided lower bound of the canary's " + metric.wireName() + " >= " + t.threshold(),
                    settings.triggerConfidence(), verdict));
            if (verdict == Verdict.FAIL && fired == null) {
                String trigger = metric.wireName() + " >= " + fmt(t.threshold());
                fired = new Judgement(CanaryConfig.TriggerAction.byName(t.action()).orElseThrow()
                        == CanaryConfig.TriggerAction.IMMEDIATE_ROLLBACK ? Decision.ROLLBACK : Decision.PAUSE, trigger, null);
            }
        }
        double z = z(settings.promotionConfidence(), false);
        boolean insufficient = false;
        boolean borderline = false;
        String failed = null;
        for (int i = 0; i < config.promotionCriteria().size(); i++) {
            CanaryConfig.PromotionCriterion p = config.promotionCriteria().get(i);
            Metric metric = Metric.named(p.metric());
            boolean less = CanaryConfig.Comparison.byName(p.comparison()).orElseThrow() == CanaryConfig.Comparison.LESS_THAN;
            Interval c = interval(metric, canary, z);
            Interval b = interval(metric, baseline, z);
            StringBuilder rule = new StringBuilder("promotion_criteria[" + i + "]: canary " + metric.wireName()
                    + (less ? " < " : " > ") + fmt(p.threshold()));
            Verdict verdict;
            if (c == null || (p.baselineMultiplier() != null && b == null)) {
                verdict = Verdict.INSUFFICIENT_DATA;
            } else {
                verdict = against(less, c, p.threshold(), p.threshold());
                if (p.baselineMultiplier() != null) {
                    rule.append(" and ").append(less ? "< " : "> ").append(fmt(p.baselineMultiplier())).append(" x baseline");
                    // the baseline's own uncertainty counts in the canary's favour: a noisy baseline cannot condemn it
                    double passLimit = p.baselineMultiplier() * (less ? b.upper() : b.lower());
                    Verdict relative = against(less, c, passLimit, passLimit);
                    verdict = combine(verdict, relative);
                }
            }
            rule.append(" (").append(Math.round(settings.promotionConfidence() * 100)).append("% interval)");
            measurements.add(measurement(metric, c, b, samples(metric, canary), samples(metric, baseline), rule.toString(), settings.promotionConfidence(), verdict));
            switch (verdict) {
                case INSUFFICIENT_DATA -> insufficient = true;
                case BORDERLINE -> borderline = true;
                case FAIL -> failed = failed == null ? "promotion_criteria[" + i + "]: " + metric.wireName() : failed;
                default -> { }
            }
        }
        if (fired != null) {
            return new Judgement(fired.decision(), fired.trigger(), measurements);
        }
        if (failed != null) {
            return new Judgement(Decision.PAUSE, failed, measurements);
        }
        if (insufficient) {
            return new Judgement(Decision.HOLD_INSUFFICIENT_DATA, null, measurements);
        }
        if (borderline) {
            return new Judgement(Decision.HOLD_BORDERLINE, null, measurements);
        }
        return new Judgement(stageDurationPassed ? Decision.PROMOTE : null, null, measurements);
    }

    /** PASS when the whole interval is on the good side of the limit, FAIL when wholly on the bad side. */
    private static Verdict against(boolean less, Interval c, double passLimit, double failLimit) {
        if (less) {
            return c.upper() < passLimit ? Verdict.PASS : c.lower() >= failLimit ? Verdict.FAIL : Verdict.BORDERLINE;
        }
        return c.lower() > passLimit ? Verdict.PASS : c.upper() <= failLimit ? Verdict.FAIL : Verdict.BORDERLINE;
    }

    private static Verdict combine(Verdict a, Verdict b) {
        if (a == Verdict.FAIL || b == Verdict.FAIL) {
            return Verdict.FAIL;
        }
        return a == Verdict.PASS && b == Verdict.PASS ? Verdict.PASS : Verdict.BORDERLINE;
    }

    private static Measurement measurement(Metric metric, Interval c, Interval b, long canarySamples,
                                           long baselineSamples, String rule, double confidence, Verdict verdict) {
        return new Measurement(metric.wireName(), c == null ? null : c.value(), b == null ? null : b.value(),
                canarySamples, baselineSamples, rule, confidence, verdict);
    }

    /** How many interactions or feedback the metric rests on, whether or not that is enough. */
    static long samples(Metric metric, Side side) {
        return metric.source() == Metric.Source.INTERACTIONS ? side.interactions().requests()
                : side.feedback().samples(metric);
    }

    /** The metric's value and interval for one side, or null below its minimum sample size. */
    Interval interval(Metric metric, Side side, double z) {
        InteractionOutcomes in = side.interactions();
        FeedbackOutcomes fb = side.feedback();
        return switch (metric) {
            case ERROR_RATE -> wilson(in.get(InteractionOutcomes.Counter.ERRORS), in.requests(), z);
            case TASK_SUCCESS_RATE -> wilson(fb.get(FeedbackOutcomes.Counter.COMPLETED),
                    fb.get(FeedbackOutcomes.Counter.COMPLETION_REPORTS), z);
            case THUMBS_UP_RATE -> wilson(fb.get(FeedbackOutcomes.Counter.THUMBS_UP),
                    fb.get(FeedbackOutcomes.Counter.THUMBS_UP) + fb.get(FeedbackOutcomes.Counter.THUMBS_DOWN), z);
            case AVERAGE_USER_RATING -> meanRating(fb, z);
            case P95_LATENCY_MS -> quantile(in.latency(), 0.95, settings.minP95Samples(), z);
            case P99_LATENCY_MS -> quantile(in.latency(), 0.99, settings.minP99Samples(), z);
            default -> throw new IllegalArgumentException(metric.wireName() + " is not judged on canaries");
        };
    }

    private Interval wilson(long successes, long n, double z) {
        if (n < settings.minRateSamples()) {
            return null;
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half), n);
    }

    private Interval meanRating(FeedbackOutcomes fb, double z) {
        long n = fb.ratings();
        if (n < settings.minRateSamples()) {
            return null;
        }
        double mean = (double) fb.ratingSum() / n;
        double ss = 0;
        for (int stars = 1; stars <= 5; stars++) {
            ss += fb.ratingsOf(stars) * (stars - mean) * (stars - mean);
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        return new Interval(mean, mean - z * se, mean + z * se, n);
    }

    /** Distribution-free interval of the q-quantile: the order statistics at ranks nq -/+ z sqrt(nq(1-q)). */
    private static Interval quantile(LogHistogram h, double q, int minSamples, double z) {
        long n = h.count();
        if (n < minSamples) {
            return null;
        }
        double spread = z * Math.sqrt(n * q * (1 - q));
        double lowRank = Math.max(1, Math.floor(n * q - spread));
        double highRank = Math.min(n, Math.ceil(n * q + spread) + 1);
        return new Interval(h.percentile(q), h.percentile(lowRank / n), h.percentile(highRank / n), n);
    }

    /** The normal quantile for a confidence level, one- or two-sided (Acklam's rational approximation). */
    static double z(double confidence, boolean oneSided) {
        double p = oneSided ? confidence : 1 - (1 - confidence) / 2;
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p > 0.97575) {
            double r = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
                    / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
