package dev.feedbackloop.analysis.clustering;

/**
 * How much more alike the intents and tools of a group's members are than those of the whole window: failures of one
 * mode come from the same few tasks, unrelated remarks from any. Read from the meta part of the dense vectors (their
 * last {@code dimension} coordinates, which carry {@code weight} of each unit vector) as a mean pairwise similarity,
 * exact from sums like the cohesion: a group is given by the sum of its members' vectors and the sum of the squared
 * lengths of their meta parts ({@link #selves}).
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
        double[] sum = new double[points.dimension()];
        double self = 0;
        for (int i : active) {
            float[] v = points.vectors()[i];
            for (int j = from; j < v.length; j++) {
                sum[j] += v[j];
                selves[i] += (double) v[j] * v[j];
            }
            self += selves[i];
        }
        this.window = similarity(sum, null, self, active.length);
    }

    /** Per cluster of the assignment, the summed squared lengths of its members' meta parts. */
    double[] selves(int[] assignment, int clusters) {
        double[] out = new double[clusters];
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] != SphericalKMeans.UNASSIGNED) {
                out[assignment[i]] += selves[i];
            }
        }
        return out;
    }

    /**
     * The mean task similarity of a group's members minus the window's.
     *
     * @param sum  the sum of the members' vectors (whole vectors; the meta part is read from it)
     * @param self the summed squared lengths of their meta parts
     */
    double lift(double[] sum, double self, int n) {
        return lift(sum, null, self, n);
    }

    /** The lift of the union of two groups, given by their sums ({@code b} null: of {@code a} alone). */
    double lift(double[] a, double[] b, double self, int n) {
        return similarity(a, b, self, n) - window;
    }

    /** Mean pairwise dot product of the meta parts, per unit of meta weight: {@code (|S|^2 - sum |x|^2) / (n (n - 1))}. */
    private double similarity(double[] a, double[] b, double self, int n) {
        if (n < 2) {
            return 0;
        }
        double squared = 0;
        for (int j = from; j < a.length; j++) {
            double x = b == null ? a[j] : a[j] + b[j];
            squared += x * x;
        }
        return (squared - self) / ((double) n * (n - 1)) / weight;
    }
}
