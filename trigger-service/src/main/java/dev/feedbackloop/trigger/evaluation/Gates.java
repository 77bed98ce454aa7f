package dev.feedbackloop.trigger.evaluation;

import dev.feedbackloop.kernel.trigger.Verdict;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.feedbackloop.trigger.evaluation.Metrics.ERROR_RATE;
import static dev.feedbackloop.trigger.evaluation.Metrics.TASK_SUCCESS_RATE;

/**
 * Section 21.2.2's canary gates applied to an evaluation run: its task_success_rate must be at least
 * {@code minTaskSuccessRate} (a run without one regressed), and its error_rate at most {@code maxErrorRateFactor}
 * times its baseline's, when both have one. Without a baseline only the first gate applies.
 */
public record Gates(double minTaskSuccessRate, double maxErrorRateFactor) {

    /** Rounding slack, so that 2 x 0.015 admits 0.03. */
    private static final double SLACK = 1e-12;

    public record Judgement(Verdict verdict, List<String> reasons) {
    }

    public Judgement judge(Map<String, Double> run, Map<String, Double> baseline) {
        List<String> reasons = new ArrayList<>();
        Double success = run.get(TASK_SUCCESS_RATE);
        if (success == null) {
            reasons.add(TASK_SUCCESS_RATE + " is missing");
        } else if (success < minTaskSuccessRate - SLACK) {
            reasons.add(TASK_SUCCESS_RATE + " " + format(success) + " < " + format(minTaskSuccessRate));
        }
        Double errors = run.get(ERROR_RATE);
        Double baselineErrors = baseline == null ? null : baseline.get(ERROR_RATE);
        if (errors != null && baselineErrors != null) {
            double allowed = maxErrorRateFactor * baselineErrors;
            if (errors > allowed + SLACK) {
                reasons.add(ERROR_RATE + " " + format(errors) + " > " + format(maxErrorRateFactor)
                        + " x baseline " + format(baselineErrors) + " (" + format(allowed) + ")");
            }
        }
        return new Judgement(reasons.isEmpty() ? Verdict.PASSED : Verdict.REGRESSED, List.copyOf(reasons));
    }

    static String format(double value) {
        return new BigDecimal(value, new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
