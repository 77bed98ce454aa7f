package dev.feedbackloop.trigger.evaluation;

import java.util.Map;
import java.util.regex.Pattern;

import static dev.feedbackloop.support.aggregate.WrongState.invalid;

/**
 * What a run's metrics must look like: at most {@value #MAX_METRICS} names of lower-case letters, digits and
 * underscores (they become field names in the read model), finite numbers within ±{@value #MAX_ABS}, and every
 * metric whose name ends in {@code _rate} within [0, 1].
 */
public final class Metrics {

    public static final int MAX_METRICS = 100;
    public static final double MAX_ABS = 1e12;
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final String TASK_SUCCESS_RATE = "task_success_rate";
    public static final String ERROR_RATE = "error_rate";

    private Metrics() {
    }

    /** Why the value of a metric is not acceptable, or null when it is. */
    public static String problem(String name, Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "must be a finite number";
        }
        if (isRate(name) && (value < 0 || value > 1)) {
            return "is a rate and must be between 0 and 1";
        }
        if (Math.abs(value) > MAX_ABS) {
            return "must be between -1e12 and 1e12";
        }
        return null;
    }

    public static boolean isRate(String name) {
        return name.endsWith("_rate");
    }

    static void requireValid(Map<String, Double> metrics) {
        if (metrics == null) {
            throw invalid("metrics are required");
        }
        if (metrics.size() > MAX_METRICS) {
            throw invalid("metrics: at most " + MAX_METRICS + " metrics");
        }
        metrics.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw invalid("metrics: '" + name + "' is not a metric name (lower-case letters, digits, _)");
            }
            String problem = problem(name, value);
            if (problem != null) {
                throw invalid("metrics." + name + " " + problem);
            }
        });
    }
}
