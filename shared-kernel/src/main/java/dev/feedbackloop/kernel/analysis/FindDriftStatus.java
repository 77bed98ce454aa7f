package dev.feedbackloop.kernel.analysis;

/** Each feature's latest PSI and drift state, for one agent or (agentId null) all. */
public record FindDriftStatus(String agentId) {
}
