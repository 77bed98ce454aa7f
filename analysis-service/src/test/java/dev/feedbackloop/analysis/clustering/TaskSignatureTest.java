package dev.feedbackloop.analysis.clustering;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A group whose failures come from the same few tasks stands out from the window; one drawn like the window does not. */
class TaskSignatureTest {

    static final int TEXT = 8;
    static final int META = 4;
    static final double WEIGHT = 0.15;

    /** A unit vector: a random text part, and a meta part along {@code task} (none when negative). */
    static float[] point(Random random, int task) {
        float[] v = new float[TEXT + META];
        double[] text = new double[TEXT];
        for (int j = 0; j < TEXT; j++) {
            text[j] = random.nextGaussian();
        }
        double[] unit = Vectors.normalized(text);
        for (int j = 0; j < TEXT; j++) {
            v[j] = (float) (unit[j] * Math.sqrt(1 - (task < 0 ? 0 : WEIGHT)));
        }
        if (task >= 0) {
            v[TEXT + task] = (float) Math.sqrt(WEIGHT);
        }
        return v;
    }

    /** Points 0-19 all from task 0; points 20-99 from the four tasks in turn. */
    final Random random = new Random(7);
    final float[][] vectors = IntStream.range(0, 100).mapToObj(i -> point(random, i < 20 ? 0 : i % META))
            .toArray(float[][]::new);
    final Points.Dense points = new Points.Dense(vectors, TEXT + META);
    final int[] all = IntStream.range(0, 100).toArray();
    final TaskSignature tasks = new TaskSignature(points, all, META, WEIGHT);

    /** The lift of the points in [from, to) as one group. */
    double liftOf(int from, int to) {
        int[] assignment = new int[100];
        double[] sum = new double[TEXT + META];
        for (int i = 0; i < 100; i++) {
            assignment[i] = i >= from && i < to ? 0 : 1;
            if (assignment[i] == 0) {
                points.addTo(i, sum);
            }
        }
        return tasks.lift(sum, tasks.selves(assignment, 2)[0], to - from);
    }

    @Test
    void aGroupFromOneTaskIsClearlyMoreAlikeThanTheWindow() {
        // pairs from one task have similarity 1, others 0; the window has 40, 20, 20 and 20 points per task, so a
        // pair of it shares a task with probability (40 * 39 + 3 * 20 * 19) / (100 * 99) = 0.273
        assertThat(liftOf(0, 20)).isGreaterThan(ModeBar.MIN_TASK_LIFT).isCloseTo(1 - 0.2727, within(0.001));
    }

    @Test
    void aGroupSpreadLikeTheRestOfTheWindowIsNot() {
        assertThat(liftOf(20, 100)).isLessThan(ModeBar.MIN_TASK_LIFT);
    }

    @Test
    void withoutIntentsOrToolsNothingStandsOut() {
        float[][] bare = IntStream.range(0, 50).mapToObj(i -> point(random, -1)).toArray(float[][]::new);
        TaskSignature none = new TaskSignature(new Points.Dense(bare, TEXT + META), IntStream.range(0, 50).toArray(),
                META, WEIGHT);
        double[] sum = new double[TEXT + META];
        for (int i = 0; i < 10; i++) {
            new Points.Dense(bare, TEXT + META).addTo(i, sum);
        }
        int[] assignment = IntStream.range(0, 50).map(i -> i < 10 ? 0 : 1).toArray();

        assertThat(none.lift(sum, none.selves(assignment, 2)[0], 10)).isEqualTo(0.0);
    }
}
