package dev.feedbackloop.kernel.release;

import dev.feedbackloop.kernel.metrics.Metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a canary is run, in the shape of the spec's {@code canary_config}: the first stage, the criteria every stage
 * must meet to be promoted, the triggers that stop it at once, and the stages that follow the first.
 */
public record CanaryConfig(InitialDeployment initialDeployment, List<PromotionCriterion> promotionCriteria,
                           List<RollbackTrigger> rollbackTriggers, List<PromotionStep> promotionSchedule) {

    /** Metrics a canary can be judged on: those folded side by side from interactions and feedback. */
    public static final List<Metric> JUDGED = List.of(Metric.ERROR_RATE, Metric.P95_LATENCY_MS, Metric.P99_LATENCY_MS,
            Metric.TASK_SUCCESS_RATE, Metric.THUMBS_UP_RATE, Metric.AVERAGE_USER_RATING);

    public record InitialDeployment(Integer trafficPercentage, Integer minDurationMinutes) {
    }

    /** {@code baselineMultiplier}, when given, also bounds the canary by the baseline's value times it. */
    public record PromotionCriterion(String metric, String comparison, Double threshold, Double baselineMultiplier) {
    }

    public record RollbackTrigger(String metric, Double threshold, String action) {
    }

    public record PromotionStep(Integer percentage, Double waitHours) {
    }

    public enum Comparison {
        LESS_THAN, GREATER_THAN;

        public String wireName() {
            return name().toLowerCase();
        }

        public static Optional<Comparison> byName(String name) {
            return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
        }
    }

    public enum TriggerAction {
        IMMEDIATE_ROLLBACK, PAUSE_AND_ALERT;

        public String wireName() {
            return name().toLowerCase();
        }

        public static Optional<TriggerAction> byName(String name) {
            return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
        }
    }

    /** One broken rule: the field (a JSON path under {@code canary_config}), the rule and a readable message. */
    public record Violation(String field, String rule, String message) {
    }

    /** One stage of the rollout: its traffic share and how long (event time) it must run before promotion. */
    public record Stage(int percentage, long minDurationMinutes) {
    }

    /** The stages in order; only meaningful for a config without {@link #violations()}. */
    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage(initialDeployment.trafficPercentage(), initialDeployment.minDurationMinutes()));
        for (PromotionStep step : promotionSchedule) {
            stages.add(new Stage(step.percentage(), Math.round(step.waitHours() * 60)));
        }
        return List.copyOf(stages);
    }

    /** Every rule this config breaks; empty when it can be run. */
    public List<Violation> violations() {
        List<Violation> out = new ArrayList<>();
        String p = "canary_config.";
        if (initialDeployment == null) {
            out.add(new Violation(p + "initial_deployment", "required", "is required"));
        } else {
            percentage(out, p + "initial_deployment.traffic_percentage", initialDeployment.trafficPercentage());
            Integer minutes = initialDeployment.minDurationMinutes();
            if (minutes == null || minutes < 0) {
                out.add(new Violation(p + "initial_deployment.min_duration_minutes", "min", "must be 0 or more"));
            }
        }
        if (promotionCriteria == null || promotionCriteria.isEmpty()) {
            out.add(new Violation(p + "promotion_criteria", "required", "must name at least one criterion"));
        } else {
            for (int i = 0; i < promotionCriteria.size(); i++) {
                PromotionCriterion c = promotionCriteria.get(i);
                String f = p + "promotion_criteria[" + i + "].";
                metric(out, f + "metric", c == null ? null : c.metric());
                if (c == null) {
                    continue;
                }
                if (Comparison.byName(c.comparison()).isEmpty()) {
                    out.add(new Violation(f + "comparison", "one_of", "must be less_than or greater_than"));
                }
                if (c.threshold() == null || !Double.isFinite(c.threshold()) || c.threshold() < 0) {
                    out.add(new Violation(f + "threshold", "min", "must be a number of 0 or more"));
                }
                if (c.baselineMultiplier() != null && !(c.baselineMultiplier() > 0 && Double.isFinite(c.baselineMultiplier()))) {
                    out.add(new Violation(f + "baseline_multiplier", "positive", "must be more than 0"));
                }
            }
        }
        if (rollbackTriggers != null) {
            for (int i = 0; i < rollbackTriggers.size(); i++) {
                RollbackTrigger t = rollbackTriggers.get(i);
                String f = p + "rollback_triggers[" + i + "].";
                metric(out, f + "metric", t == null ? null : t.metric());
                if (t == null) {
                    continue;
                }
                if (t.threshold() == null || !Double.isFinite(t.threshold()) || t.threshold() < 0) {
                    out.add(new Violation(f + "threshold", "min", "must be a number of 0 or more"));
                }
                if (TriggerAction.byName(t.action()).isEmpty()) {
                    out.add(new Violation(f + "action", "one_of", "must be immediate_rollback or pause_and_alert"));
                }
            }
        }
        if (promotionSchedule == null || promotionSchedule.isEmpty()) {
            out.add(new Violation(p + "promotion_schedule", "required", "must name at least one step"));
        } else {
            Integer previous = initialDeployment == null ? null : initialDeployment.trafficPercentage();
            for (int i = 0; i < promotionSchedule.size(); i++) {
                PromotionStep s = promotionSchedule.get(i);
                String f = p + "promotion_schedule[" + i + "].";
                Integer pct = s == null ? null : s.percentage();
                percentage(out, f + "percentage", pct);
                if (pct != null && previous != null && pct <= previous) {
                    out.add(new Violation(f + "percentage", "increasing",
                            "must be more than the stage before it (" + previous + ")"));
                }
                if (s != null && (s.waitHours() == null || !(s.waitHours() >= 0) || !Double.isFinite(s.waitHours()))) {
                    out.add(new Violation(f + "wait_hours", "min", "must be 0 or more"));
                }
                previous = pct == null ? previous : pct;
            }
            PromotionStep last = promotionSchedule.get(promotionSchedule.size() - 1);
            if (last != null && last.percentage() != null && last.percentage() != 100) {
                out.add(new Violation(p + "promotion_schedule[" + (promotionSchedule.size() - 1) + "].percentage",
                        "last_is_full", "the last step must be 100"));
            }
        }
        return out;
    }

    private static void percentage(List<Violation> out, String field, Integer value) {
        if (value == null || value < 1 || value > 100) {
            out.add(new Violation(field, "range", "must be a whole percentage from 1 to 100"));
        }
    }

    private static void metric(List<Violation> out, String field, String name) {
        if (Metric.byName(name).filter(JUDGED::contains).isEmpty()) {
            out.add(new Violation(field, "one_of", "must be one of " + JUDGED.stream().map(Metric::wireName).toList()));
        }
    }
}
