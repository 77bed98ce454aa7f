package dev.feedbackloop.kernel.gate;

import dev.feedbackloop.kernel.rules.Threshold;

/**
 * A gate as judged: the gate passes when {@code observed comparison threshold} holds (and, when the gate asks for
 * {@code minTests}, at least that many tests stand behind the value). {@code observed} and {@code tests} are null
 * while no result has arrived; {@code reason} says in words why the gate is not passed (null when it is).
 */
public record GateResult(String gate, GateCategory category, String metric, Threshold.Comparator comparison,
                         double threshold, Integer minTests, GateStatus status, Double observed, Integer tests,
                         String reason) {

    /** The condition as written in the gate file, e.g. {@code prompt_injection_suite >= 0.95}. */
    public String condition() {
        return metric + " " + comparison.symbol() + " " + Numbers.plain(threshold);
    }
}
