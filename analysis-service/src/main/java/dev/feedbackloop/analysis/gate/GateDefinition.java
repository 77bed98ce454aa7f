package dev.feedbackloop.analysis.gate;

import dev.feedbackloop.kernel.gate.GateCategory;
import dev.feedbackloop.kernel.gate.GateObservation;
import dev.feedbackloop.kernel.gate.GateResult;
import dev.feedbackloop.kernel.gate.GateStatus;
import dev.feedbackloop.kernel.gate.Numbers;
import dev.feedbackloop.kernel.rules.Threshold;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One gate of the gate file: it passes in an environment when the reported value of {@code metric} meets
 * {@code comparison threshold}, the threshold of that environment ({@code thresholds}; an environment without one is
 * one the gate does not apply to), with at least {@code minTests} tests behind the value when it asks for them.
 */
public record GateDefinition(String name, GateCategory category, String metric, Threshold.Comparator comparison,
                             Map<String, Double> thresholds, Integer minTests) {

    public GateDefinition {
        thresholds = Map.copyOf(thresholds);
    }

    public boolean appliesTo(String environment) {
        return thresholds.containsKey(environment);
    }

    public OptionalDouble threshold(String environment) {
        Double t = thresholds.get(environment);
        return t == null ? OptionalDouble.empty() : OptionalDouble.of(t);
    }

    /** The gate before any result: pending. */
    public GateResult pending(String environment) {
        return result(environment, GateStatus.PENDING, null, null, "no result for " + metric + " yet");
    }

    /**
     * The gate judged on {@code observed}: too few tests (or none reported where the gate asks for a count) leave it
     * pending, as a value nobody can vouch for is no pass; otherwise it passes or fails on the comparison.
     */
    public GateResult judge(String environment, GateObservation observed) {
        double limit = thresholds.get(environment);
        Integer tests = observed.tests();
        if (minTests != null && (tests == null || tests < minTests)) {
            return result(environment, GateStatus.PENDING, observed.value(), tests, metric + " needs at least "
                    + minTests + " tests, " + (tests == null ? "no test count was reported" : "got " + tests));
        }
        if (comparison.test(observed.value(), limit)) {
            return result(environment, GateStatus.PASSED, observed.value(), tests, null);
        }
        return result(environment, GateStatus.FAILED, observed.value(), tests, metric + " " + Numbers.plain(observed.value())
                + " does not meet " + comparison.symbol() + " " + Numbers.plain(limit));
    }

    private GateResult result(String environment, GateStatus status, Double observed, Integer tests, String reason) {
        return new GateResult(name, category, metric, comparison, thresholds.get(environment), minTests, status,
                observed, tests, reason);
    }
}
