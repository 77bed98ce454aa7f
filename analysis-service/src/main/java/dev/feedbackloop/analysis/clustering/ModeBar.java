package dev.feedbackloop.analysis.clustering;

/**
 * Whether a group of failures is alike enough to be a failure mode: members on average at least the minimum cohesion
 * alike, or a little less ({@link #LOOSE_FACTOR} of it) when their intents and tools are clearly more alike than the
 * window's (by {@link #MIN_TASK_LIFT}, see {@link TaskSignature}): a loose mode comes from a few tasks, a loose group
 * of unrelated remarks from any. Without a task signature, cohesion alone decides.
 */
final class ModeBar {

    static final double LOOSE_FACTOR = 0.85;
    static final double MIN_TASK_LIFT = 0.1;

    private final double minCohesion;
    private final TaskSignature tasks;

    /** @param tasks null: cohesion alone */
    ModeBar(double minCohesion, TaskSignature tasks) {
        this.minCohesion = minCohesion;
        this.tasks = tasks;
    }

    /**
     * @param sum  the sum of the members' vectors
     * @param self the summed squared lengths of their meta parts ({@link TaskSignature#selves}); ignored without tasks
     */
    boolean holds(double[] sum, double self, int n) {
        return holds(sum, null, self, n);
    }

    /** Whether the union of two groups, given by their sums (without adding them up), is a mode. */
    boolean holds(double[] a, double[] b, double self, int n) {
        double cohesion = PrototypeMerging.mergedCohesion(a, b, n);
        return cohesion >= minCohesion || tasks != null && cohesion >= LOOSE_FACTOR * minCohesion
                && tasks.lift(a, b, self, n) >= MIN_TASK_LIFT;
    }
}
