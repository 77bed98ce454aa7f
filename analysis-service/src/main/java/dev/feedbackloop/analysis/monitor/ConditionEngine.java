package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.kernel.analysis.ConditionState;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.Threshold;
import dev.feedbackloop.kernel.rules.TriggerRule;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one definition of when a rule condition holds, as a pure function of a scope's data: evaluated at each step
 * ({@link RuleCondition#step()}) of event time, so the same data, back-filled or live, gives the same states at the
 * same times.
 * <ul>
 *   <li>At step {@code s} the metric is read over the window {@code [s - window, s)}. It has a verdict only with
 *   {@code min_samples} samples there (for rates, averages and percentiles) and, for a drop, rise or ratio, with a
 *   baseline: the metric over the {@code baseline} period that ends at the window's start, aligned down to the hour
 *   (baselines move by the hour), with {@code min_samples} too, and only once the agent's data began at least
 *   {@code coverage} of the baseline period before the period ends: a week's baseline needs more than a few hours of
 *   history. A count's baseline is scaled to the window's length.</li>
 *   <li>Without a duration, the condition is met at {@code t} when the verdict at {@code t} says so. With one, it is
 *   met when no step of {@code (t - duration, t]} has a verdict against it and the steps with a verdict are at least
 *   {@code coverage} of the duration's steps (75 % by default: an hour of data is not "24 h"); it is not met as soon
 *   as one step says no; otherwise (too little data) there is no verdict and the state stays as it was.</li>
 *   <li>{@code since} is the first step with a verdict for it in the run of steps without one against it that ends
 *   at {@code t}, looked for at most {@code horizon} before the duration: it never lies before the scope's data.</li>
 * </ul>
 */
final class ConditionEngine {

    /** The metric of a scope over any period. */
    interface Measure {
        /** The value over [from, to) and how many samples it rests on; a null value when there is nothing to read. */
        Reading read(Instant from, Instant to);
    }

    record Reading(Double value, long samples) {
        static final Reading NONE = new Reading(null, 0);
    }

    /** How far back a run's start is looked for, before the duration: 7 days for hourly rules, 6 hours for minute ones. */
    static Duration sinceHorizon(Duration step) {
        return step.equals(RuleCondition.HOUR) ? Duration.ofDays(7) : Duration.ofHours(6);
    }

    /** How far before the first evaluated step a rule's data must reach. */
    static Duration lookback(RuleCondition c) {
        Duration needed = c.window().plus(c.duration()).plus(sinceHorizon(c.step()));
        if (c.threshold().kind().comparesToBaseline()) {
            needed = needed.plus(c.baseline()).plus(RuleCondition.HOUR);
        }
        return needed;
    }

    private final TriggerRule rule;
    private final RuleCondition c;
    private final Metric metric;
    private final Map<String, String> scope;
    private final Measure measure;
    private final Instant firstData;
    private final double coverage;
    private final Duration step;
    private final String threshold;
    private final long neededHistory;
    private final long windowSeconds;

    /**
     * @param firstData when the agent's data began (event time), or null when unknown: then no baseline applies
     * @param coverage  the share of a duration (and of a baseline) that data must cover, 0 to 1
     */
    ConditionEngine(TriggerRule rule, Map<String, String> scope, Measure measure, Instant firstData, double coverage) {
        this.rule = rule;
        this.c = rule.condition();
        this.metric = c.measure();
        this.scope = scope;
        this.measure = measure;
        this.firstData = firstData;
        this.coverage = coverage;
        this.step = c.step();
        this.threshold = c.threshold().toString();
        this.neededHistory = Math.round(c.baseline().getSeconds() * coverage);
        this.windowSeconds = c.window().getSeconds();
    }

    /** Whether the metric is past the threshold at step {@code s}; null without a verdict. */
    Boolean holds(Instant s) {
        Double value = value(s);
        if (value == null) {
            return null;
        }
        Threshold threshold = c.threshold();
        if (!threshold.kind().comparesToBaseline()) {
            return threshold.holds(value, null);
        }
        Double baseline = baseline(s);
        return baseline == null ? null : threshold.holds(value, baseline);
    }

    /** The metric over the window ending at {@code s}, or null when it has too few samples to count. */
    Double value(Instant s) {
        Reading r = measure.read(s.minusSeconds(windowSeconds), s);
        if (r.value() == null || (RuleCondition.takesSamples(metric) && r.samples() < c.minSamples())) {
            return null;
        }
        return r.value();
    }

    /** The baseline at step {@code s}, or null without enough history or samples. */
    Double baseline(Instant s) {
        Instant end = s.minusSeconds(windowSeconds).truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minusSeconds(c.baseline().getSeconds());
        if (firstData == null || firstData.getEpochSecond() > end.getEpochSecond() - neededHistory) {
            return null;
        }
        Reading r = measure.read(start, end);
        if (r.value() == null || (RuleCondition.takesSamples(metric) && r.samples() < c.minSamples())) {
            return null;
        }
        if (metric.isCount()) {
            // a count over the baseline, scaled to one window, so "drop > 50%" compares like with like
            return r.value() * c.window().toMinutes() / c.baseline().toMinutes();
        }
        return r.value();
    }

    /**
     * The condition's state at every step of [from, to] (both step-aligned): all of them, or with {@code changesOnly}
     * only the first with a verdict and then each one whose verdict differs from the one before it.
     */
    List<ConditionState> states(Instant from, Instant to, boolean changesOnly) {
        long stepSeconds = step.getSeconds();
        long durationSteps = c.duration().getSeconds() / stepSeconds;
        long horizonSteps = sinceHorizon(step).getSeconds() / stepSeconds;
        // plain seconds: Duration.multipliedBy goes through BigDecimal, far too slow for a month of minutes
        Instant first = from.minusSeconds(stepSeconds * (Math.max(0, durationSteps - 1) + horizonSteps));
        int n = (int) ((to.getEpochSecond() - first.getEpochSecond()) / stepSeconds) + 1;
        Boolean[] verdicts = new Boolean[n];
        for (int i = 0; i < n; i++) {
            verdicts[i] = holds(first.plusSeconds(stepSeconds * i));
        }
        int offset = (int) ((from.getEpochSecond() - first.getEpochSecond()) / stepSeconds);
        // how many steps up to each index say no, and how many say yes: a duration's counts in constant time
        int[] against = new int[n + 1];
        int[] with = new int[n + 1];
        for (int i = 0; i < n; i++) {
            against[i + 1] = against[i] + (Boolean.FALSE.equals(verdicts[i]) ? 1 : 0);
            with[i + 1] = with[i] + (Boolean.TRUE.equals(verdicts[i]) ? 1 : 0);
        }
        long required = durationSteps == 0 ? 1 : (long) Math.ceil(coverage * durationSteps - 1e-9);
        List<ConditionState> out = new ArrayList<>();
        Boolean last = null;
        for (int i = offset; i < n; i++) {
            Boolean met;
            if (durationSteps == 0) {
                met = verdicts[i];
            } else {
                int lo = (int) Math.max(0, i - durationSteps + 1);
                met = against[i + 1] - against[lo] > 0 ? Boolean.FALSE
                        : with[i + 1] - with[lo] >= required ? Boolean.TRUE : null;
            }
            if (changesOnly && (met == null || met.equals(last))) {
                continue;
            }
            if (met != null) {
                last = met;
            }
            Instant t = first.plusSeconds(stepSeconds * i);
            out.add(state(t, met, Boolean.TRUE.equals(met) ? since(verdicts, first, i, durationSteps, horizonSteps) : null));
        }
        return out;
    }

    /** The first step with a verdict for the condition in the run ending at step {@code i}. */
    private Instant since(Boolean[] verdicts, Instant first, int i, long durationSteps, long horizonSteps) {
        int earliest = (int) Math.max(0, i - Math.max(durationSteps, 1) + 1 - horizonSteps);
        Integer start = null;
        for (int j = i; j >= earliest && !Boolean.FALSE.equals(verdicts[j]); j--) {
            if (Boolean.TRUE.equals(verdicts[j])) {
                start = j;
            }
        }
        return start == null ? null : first.plusSeconds(step.getSeconds() * start);
    }

    private ConditionState state(Instant t, Boolean met, Instant since) {
        Reading r = measure.read(t.minusSeconds(windowSeconds), t);
        Double value = r.value() == null || (r.samples() == 0 && RuleCondition.takesSamples(metric)) ? null
                : AgentHistory.round(r.value());
        Double baseline = c.threshold().kind().comparesToBaseline() ? baseline(t) : null;
        return new ConditionState(rule.name(), c.metric(), scope, met, value,
                baseline == null ? null : AgentHistory.round(baseline), threshold, since, t,
                rule.isAlert() ? rule.level().severity() : null);
    }
}
