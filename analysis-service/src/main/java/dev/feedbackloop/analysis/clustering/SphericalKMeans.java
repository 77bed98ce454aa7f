package dev.feedbackloop.analysis.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * k-means on the unit sphere (cosine similarity), seeded by k-means++ from a fixed seed. Assignment runs in
 * fixed-size chunks in parallel; every sum is taken in point order, so the result does not depend on the threads.
 * Memory is {@code O(n + k * dimension)}: no point-to-point similarity is ever held.
 */
final class SphericalKMeans {

    static final int UNASSIGNED = -1;
    private static final int CHUNK = 1024;

    /**
     * An assignment of points to centroids.
     *
     * @param assignment  per point, its centroid's index or {@link #UNASSIGNED}
     * @param similarity  per point, its cosine similarity to its centroid (NaN when unassigned)
     * @param centroids   unit-length centroids
     * @param sums        per centroid, the sum of its members' vectors
     * @param sizes       per centroid, its member count
     */
    record Fit(int[] assignment, double[] similarity, double[][] centroids, double[][] sums, int[] sizes) {

        int k() {
            return centroids.length;
        }

        /**
         * Mean cosine similarity between two different members: {@code (|S|^2 - n) / (n (n - 1))} for the sum
         * {@code S} of {@code n} unit vectors. Unlike the mean similarity to the centroid it has no bonus for small
         * clusters (a member is always similar to the centroid it helped to make).
         */
        double cohesion(int c) {
            int n = sizes[c];
            if (n < 2) {
                return 0;
            }
            double norm = Vectors.norm(sums[c]);
            return (norm * norm - n) / ((double) n * (n - 1));
        }
    }

    private SphericalKMeans() {
    }

    /**
     * Centroids for {@code k} clusters: the given seeds first, then k-means++ picks among the active points, each
     * next pick drawn with probability proportional to {@code 1 - cos} to the nearest seed so far.
     * <p>
     * The draw is coordinated: point {@code i} gets, for pick {@code r}, a uniform number that depends only on its
     * key (a hash of its id) and {@code r}, and the point with the smallest {@code -ln(u) / weight} wins, which is a
     * draw proportional to the weights. Adding a few points to a window therefore changes the picks only where a new
     * point wins, not everywhere, which keeps the clusters of consecutive runs alike.
     */
    static List<double[]> seeds(Points points, int[] active, long[] keys, List<double[]> given, int k) {
        List<double[]> seeds = new ArrayList<>(given);
        if (active.length == 0) {
            return seeds;
        }
        double[] distance = new double[active.length];
        Arrays.fill(distance, 1.0);
        for (double[] s : given) {
            lower(points, active, distance, s);
        }
        for (int pick = 0; seeds.size() < k; pick++) {
            int best = -1;
            double bestClock = Double.POSITIVE_INFINITY;
            for (int a = 0; a < active.length; a++) {
                if (distance[a] <= 1e-9) {
                    continue;
                }
                double clock = -Math.log(uniform(keys[active[a]], pick)) / distance[a];
                if (clock < bestClock) {
                    bestClock = clock;
                    best = a;
                }
            }
            if (best < 0) {
                break;
            }
            double[] next = centroidOf(points, active[best]);
            seeds.add(next);
            lower(points, active, distance, next);
        }
        return seeds;
    }

    /** A uniform number in (0, 1) from a key and a round, by the SplitMix64 finaliser. */
    static double uniform(long key, int round) {
        long z = key + (round + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return ((z >>> 11) + 0.5) / (double) (1L << 53);
    }

    /**
     * Lloyd iterations from the given centroids over the active points. A point whose best similarity is below
     * {@code minSimilarity} stays unassigned and does not pull any centroid. Centroids that end empty are dropped.
     */
    static Fit lloyd(Points points, int[] active, List<double[]> initial, int maxIterations, double minSimilarity) {
        int n = points.size();
        int k = initial.size();
        int dimension = points.dimension();
        double[][] centroids = initial.toArray(new double[0][]);
        int[] assignment = new int[n];
        double[] similarity = new double[n];
        Arrays.fill(assignment, UNASSIGNED);
        Arrays.fill(similarity, Double.NaN);
        double[][] sums = new double[k][dimension];
        int[] sizes = new int[k];
        for (int iteration = 0; iteration < Math.max(1, maxIterations); iteration++) {
            int changed = assign(points, active, centroids, minSimilarity, assignment, similarity);
            for (double[] sum : sums) {
                Arrays.fill(sum, 0);
            }
            Arrays.fill(sizes, 0);
            for (int i : active) {
                int c = assignment[i];
                if (c != UNASSIGNED) {
                    points.addTo(i, sums[c]);
                    sizes[c]++;
                }
            }
            for (int c = 0; c < k; c++) {
                if (sizes[c] > 0) {
                    centroids[c] = Vectors.normalized(sums[c]);
                }
            }
            if (changed == 0 && iteration > 0) {
                break;
            }
        }
        // one last assignment so that assignment and similarity refer to the final centroids
        assign(points, active, centroids, minSimilarity, assignment, similarity);
        Arrays.fill(sizes, 0);
        for (double[] sum : sums) {
            Arrays.fill(sum, 0);
        }
        for (int i : active) {
            int c = assignment[i];
            if (c != UNASSIGNED) {
                points.addTo(i, sums[c]);
                sizes[c]++;
            }
        }
        return compact(assignment, similarity, centroids, sums, sizes);
    }

    private static Fit compact(int[] assignment, double[] similarity, double[][] centroids, double[][] sums, int[] sizes) {
        int[] remap = new int[centroids.length];
        int kept = 0;
        for (int c = 0; c < centroids.length; c++) {
            remap[c] = sizes[c] > 0 ? kept++ : UNASSIGNED;
        }
        if (kept == centroids.length) {
            return new Fit(assignment, similarity, centroids, sums, sizes);
        }
        double[][] keptCentroids = new double[kept][];
        double[][] keptSums = new double[kept][];
        int[] keptSizes = new int[kept];
        for (int c = 0; c < centroids.length; c++) {
            if (remap[c] != UNASSIGNED) {
                keptCentroids[remap[c]] = centroids[c];
                keptSums[remap[c]] = sums[c];
                keptSizes[remap[c]] = sizes[c];
            }
        }
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] != UNASSIGNED) {
                assignment[i] = remap[assignment[i]];
            }
        }
        return new Fit(assignment, similarity, keptCentroids, keptSums, keptSizes);
    }

    private static int assign(Points points, int[] active, double[][] centroids, double minSimilarity,
                              int[] assignment, double[] similarity) {
        int k = centroids.length;
        int dimension = points.dimension();
        double[] transposed = new double[dimension * k];
        for (int c = 0; c < k; c++) {
            double[] centroid = centroids[c];
            for (int j = 0; j < dimension; j++) {
                transposed[j * k + c] = centroid[j];
            }
        }
        int chunks = (active.length + CHUNK - 1) / CHUNK;
        int[] changedPerChunk = new int[chunks];
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            double[] scores = new double[k];
            int changed = 0;
            for (int a = chunk * CHUNK, end = Math.min(active.length, a + CHUNK); a < end; a++) {
                int i = active[a];
                points.scores(i, transposed, k, scores);
                int best = UNASSIGNED;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    if (scores[c] > bestScore) {
                        bestScore = scores[c];
                        best = c;
                    }
                }
                if (bestScore < minSimilarity) {
                    best = UNASSIGNED;
                }
                if (assignment[i] != best) {
                    changed++;
                    assignment[i] = best;
                }
                similarity[i] = best == UNASSIGNED ? Double.NaN : bestScore;
            }
            changedPerChunk[chunk] = changed;
        });
        return Arrays.stream(changedPerChunk).sum();
    }

    private static void lower(Points points, int[] active, double[] distance, double[] centroid) {
        IntStream.range(0, (active.length + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            for (int a = chunk * CHUNK, end = Math.min(active.length, a + CHUNK); a < end; a++) {
                distance[a] = Math.max(0, Math.min(distance[a], 1.0 - points.dot(active[a], centroid)));
            }
        });
    }

    private static double[] centroidOf(Points points, int i) {
        double[] c = new double[points.dimension()];
        points.addTo(i, c);
        return Vectors.normalized(c);
    }
}
