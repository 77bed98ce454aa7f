package dev.feedbackloop.analysis.clustering;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Splits a prototype that holds two modes. k-means with a fixed number of prototypes can leave two small modes in one
 * prototype that is still cohesive enough to stand; the merging then never sees them apart, and the next run's
 * hysteresis keeps them together. Each prototype's members are divided in two by spherical 2-means (seeded by the
 * same id-keyed draws as the prototypes, so a few new failures rarely change the answer), and the halves are kept
 * apart when each is a prototype in its own right (size and cohesion) and members of one are on average less alike
 * to members of the other than the merge level: the merging would not join them again.
 */
final class PrototypeSplitting {

    /** Rounds of splitting and refitting at most (a split half can hold two modes itself). */
    static final int ROUNDS = 3;
    static final int ITERATIONS = 10;
    /** Any member's similarity will do inside the prototype: its members were admitted already. */
    private static final double ANY = -2;

    private PrototypeSplitting() {
    }

    /**
     * @param refit refines a list of centroids over every point (Lloyd iterations and the usual pruning)
     * @return the prototypes after splitting, or {@code fit} itself when none holds two modes
     */
    static SphericalKMeans.Fit split(Points points, long[] keys, SphericalKMeans.Fit fit, int minSize,
                                     double minCohesion, double mergeSimilarity,
                                     Function<List<double[]>, SphericalKMeans.Fit> refit) {
        for (int round = 0; round < ROUNDS; round++) {
            int[] assignment = fit.assignment();
            List<double[]> centroids = new ArrayList<>(fit.k() + 4);
            boolean split = false;
            for (int c = 0; c < fit.k(); c++) {
                int prototype = c;
                int[] members = IntStream.range(0, assignment.length).filter(i -> assignment[i] == prototype).toArray();
                double[][] halves = members.length < 2 * minSize ? null
                        : halves(points, members, keys, minSize, minCohesion, mergeSimilarity);
                if (halves == null) {
                    centroids.add(fit.centroids()[c]);
                } else {
                    centroids.add(halves[0]);
                    centroids.add(halves[1]);
                    split = true;
                }
            }
            if (!split) {
                return fit;
            }
            fit = refit.apply(centroids);
        }
        return fit;
    }

    /** The centroids of the two halves when the members fall into two separate prototypes, otherwise null. */
    static double[][] halves(Points points, int[] members, long[] keys, int minSize, double minCohesion,
                             double mergeSimilarity) {
        List<double[]> seeds = SphericalKMeans.seeds(points, members, keys, List.of(), 2);
        if (seeds.size() < 2) {
            return null;
        }
        SphericalKMeans.Fit two = SphericalKMeans.lloyd(points, members, seeds, ITERATIONS, ANY);
        if (two.k() < 2 || two.sizes()[0] < minSize || two.sizes()[1] < minSize
                || two.cohesion(0) < minCohesion || two.cohesion(1) < minCohesion) {
            return null;
        }
        double cross = 0;
        double[] a = two.sums()[0];
        double[] b = two.sums()[1];
        for (int j = 0; j < a.length; j++) {
            cross += a[j] * b[j];
        }
        cross /= (double) two.sizes()[0] * two.sizes()[1];
        return cross < mergeSimilarity ? two.centroids() : null;
    }
}
