package dev.feedbackloop.analysis.clustering;

/**
 * How much more alike the intents and tools of a group's members are than those of the whole window: failures of one
 * mode come from the same few tasks, unrelated remarks from any. Read from the meta part of the dense vectors (their
 * last {@code dimension} coordinates, which carry {@code weight} of each unit vector) as a mean pairwise similarity,
 * exact from sums like the cohesion.
 */
final class TaskSignature {

    private final int from;
    private final double weight;
    /** Per point, the squared length of its meta part. */
    private final double[] selves;
    private final double window;

    TaskSignature(Points.Dense points, int[] active, int dimension, double weight) {
        this.from = points.dimension() - dimension;
        this.weight = weight;
        this.selves = new double[points.size()];
        double[] sum = new double[dimension];
        double self = 0;
        for (int i : active) {
            float[] v = points.vectors()[i];
            for (int j = 0; j < dimension; j++) {
                sum[j] += v[from + j];
                selves[i] += (double) v[from + j] * v[from + j];
            }
            self += selves[i];
        }
        this.window = similarity(sum, 0, self, active.length);
    }

    /**
     * The mean task similarity of a group's members minus the window's.
     *
     * @param groupSum   the sum of the group's member vectors (whole vectors; the meta part is read from it)
     * @param assignment per point, its prototype
     * @param groupOf    per prototype, its group
     */
    double lift(double[] groupSum, int[] assignment, int[] groupOf, int group, int size) {
        double self = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] != SphericalKMeans.UNASSIGNED && groupOf[assignment[i]] == group) {
                self += selves[i];
            }
        }
        return similarity(groupSum, from, self, size) - window;
    }

    /** Mean pairwise dot product of the meta parts, per unit of meta weight: {@code (|S|^2 - sum |x|^2) / (n (n - 1))}. */
    private double similarity(double[] sum, int offset, double self, int n) {
        if (n < 2) {
            return 0;
        }
        double squared = 0;
        for (int j = offset; j < sum.length; j++) {
            squared += sum[j] * sum[j];
        }
        return (squared - self) / ((double) n * (n - 1)) / weight;
    }
}
