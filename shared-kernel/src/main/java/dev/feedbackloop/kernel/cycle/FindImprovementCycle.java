package dev.feedbackloop.kernel.cycle;

/** One improvement cycle by its id; answers null when there is none. */
public record FindImprovementCycle(String cycleId) {
}
