package dev.feedbackloop.analysis.clustering;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A random projection whose row for a term depends only on the term and the seed, not on the run's vocabulary: a
 * centroid projected this way can be compared with one from another run, whose vocabulary differed. Gaussian rows
 * scaled by {@code 1 / sqrt(dimension)} keep cosines within about {@code 1 / sqrt(dimension)} of the original ones.
 */
final class HashedProjection {

    private final int dimension;
    private final long seed;

    HashedProjection(int dimension, long seed) {
        this.dimension = dimension;
        this.seed = seed;
    }

    int dimension() {
        return dimension;
    }

    /** The projection of the weights ({@code weights[i]} for {@code terms.get(i)}), L2-normalised. */
    double[] project(double[] weights, List<String> terms) {
        double[] out = new double[dimension];
        double[] row = new double[dimension];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                row(terms.get(i), row);
                for (int j = 0; j < dimension; j++) {
                    out[j] += weights[i] * row[j];
                }
            }
        }
        return Vectors.normalized(out);
    }

    /** Projects each embedding down to this projection's dimension, keyed by the embedding's coordinate index. */
    float[][] projectEmbeddings(float[][] embeddings, int embeddingDimension) {
        double[][] rows = new double[embeddingDimension][dimension];
        for (int j = 0; j < embeddingDimension; j++) {
            row("embedding#" + j, rows[j]);
        }
        float[][] out = new float[embeddings.length][];
        double[] acc = new double[dimension];
        for (int i = 0; i < embeddings.length; i++) {
            java.util.Arrays.fill(acc, 0);
            float[] e = embeddings[i];
            for (int j = 0; j < embeddingDimension; j++) {
                double x = e[j];
                if (x != 0) {
                    double[] r = rows[j];
                    for (int d = 0; d < dimension; d++) {
                        acc[d] += x * r[d];
                    }
                }
            }
            out[i] = Vectors.normalizedFloats(acc);
        }
        return out;
    }

    private void row(String key, double[] row) {
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(key));
        double scale = 1.0 / Math.sqrt(dimension);
        for (int j = 0; j < dimension; j++) {
            row[j] = gaussian(random) * scale;
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    static long fnv1a64(String key) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
