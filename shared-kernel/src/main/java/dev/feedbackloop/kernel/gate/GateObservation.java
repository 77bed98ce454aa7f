package dev.feedbackloop.kernel.gate;

/**
 * One reported value of a metric or test suite: the value (a suite's pass rate, a latency in ms, a rate) and, for a
 * suite, how many tests it ran ({@code null} when not reported).
 */
public record GateObservation(double value, Integer tests) {
}
