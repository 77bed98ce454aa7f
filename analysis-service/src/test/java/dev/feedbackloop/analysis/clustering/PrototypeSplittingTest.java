package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prototype that holds two separate modes is split in two; one mode phrased two ways, or too few members to make
 * two prototypes, stays whole.
 */
class PrototypeSplittingTest {

    static final int DIMENSION = 16;
    static final int MIN_SIZE = 3;
    static final double COHESION = 0.21;
    static final double MERGE = 0.12;

    /** {@code n} unit vectors scattered around {@code direction}. */
    static List<float[]> around(double[] direction, int n, Random random) {
        List<float[]> out = new ArrayList<>();
        double[] unit = Vectors.normalized(direction);
        for (int i = 0; i < n; i++) {
            double[] v = new double[DIMENSION];
            for (int j = 0; j < DIMENSION; j++) {
                v[j] = unit[j] + 0.2 * random.nextGaussian();
            }
            out.add(Vectors.normalizedFloats(v));
        }
        return out;
    }

    static double[] axis(int... dimensions) {
        double[] v = new double[DIMENSION];
        for (int d : dimensions) {
            v[d] = 1;
        }
        return v;
    }

    /** All points in one prototype, as k-means left them. */
    static SphericalKMeans.Fit onePrototype(Points points) {
        int[] all = IntStream.range(0, points.size()).toArray();
        double[] sum = new double[DIMENSION];
        for (int i : all) {
            points.addTo(i, sum);
        }
        return SphericalKMeans.lloyd(points, all, List.of(Vectors.normalized(sum)), 10, -2);
    }

    static SphericalKMeans.Fit split(Points points) {
        int[] all = IntStream.range(0, points.size()).toArray();
        long[] keys = IntStream.range(0, points.size()).mapToLong(i -> HashedProjection.fnv1a64("f" + i)).toArray();
        return PrototypeSplitting.split(points, keys, onePrototype(points), MIN_SIZE, COHESION, MERGE,
                centroids -> SphericalKMeans.lloyd(points, all, centroids, 10, 0.3));
    }

    static Points points(List<float[]> vectors) {
        return new Points.Dense(vectors.toArray(new float[0][]), DIMENSION);
    }

    @Test
    void aPrototypeHoldingTwoSeparateModesIsSplitAlongThem() {
        Random random = new Random(1);
        List<float[]> vectors = new ArrayList<>(around(axis(0), 12, random));
        vectors.addAll(around(axis(1), 9, random));
        Points points = points(vectors);
        assertThat(onePrototype(points).k()).isEqualTo(1);
        assertThat(onePrototype(points).cohesion(0)).as("cohesive enough to stand as one").isGreaterThan(COHESION);

        SphericalKMeans.Fit fit = split(points);

        assertThat(fit.k()).isEqualTo(2);
        Set<Integer> first = new HashSet<>();
        Set<Integer> second = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            first.add(fit.assignment()[i]);
        }
        for (int i = 12; i < 21; i++) {
            second.add(fit.assignment()[i]);
        }
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
    }

    @Test
    void oneModePhrasedTwoWaysStaysWhole() {
        Random random = new Random(2);
        // the halves are 0.7 alike: far above the merge level, which would join them again
        List<float[]> vectors = new ArrayList<>(around(axis(0), 12, random));
        vectors.addAll(around(axis(0, 1), 9, random));
        Points points = points(vectors);
        SphericalKMeans.Fit fit = split(points);

        assertThat(fit.k()).isEqualTo(1);
        assertThat(Arrays.stream(fit.assignment()).distinct().toArray()).containsExactly(0);
    }

    @Test
    void tooFewMembersForTwoPrototypesStayWhole() {
        Random random = new Random(3);
        List<float[]> vectors = new ArrayList<>(around(axis(0), 3, random));
        vectors.addAll(around(axis(1), 2, random));
        Points points = points(vectors);

        assertThat(split(points).k()).isEqualTo(1);
        long[] keys = IntStream.range(0, 5).mapToLong(i -> i).toArray();
        assertThat(PrototypeSplitting.halves(points, IntStream.range(0, 5).toArray(), keys, MIN_SIZE, COHESION, MERGE))
                .as("a half of two is no prototype").isNull();
    }
}
