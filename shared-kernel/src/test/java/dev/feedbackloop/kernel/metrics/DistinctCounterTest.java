package dev.feedbackloop.kernel.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DistinctCounterTest {

    @Test
    void aFewValuesAreCountedExactlyEachOnce() {
        DistinctCounter c = new DistinctCounter().add("u-1").add("u-2").add("u-1").add((String) null);
        assertThat(c.count()).isEqualTo(2);
        assertThat(c.isExact()).isTrue();
    }

    @Test
    void windowsMergeIntoTheirUnion() {
        DistinctCounter a = new DistinctCounter();
        DistinctCounter b = new DistinctCounter();
        for (int i = 0; i < 300; i++) {
            a.add("user-" + i);
            b.add("user-" + (i + 200));
        }
        assertThat(a.add(b).count()).isEqualTo(500);
    }

    @Test
    void manyValuesAreEstimatedWithinAFewPercentInBoundedSpace() {
        DistinctCounter a = new DistinctCounter();
        DistinctCounter b = new DistinctCounter();
        for (int i = 0; i < 60_000; i++) {
            a.add("user-" + i);
            b.add("user-" + (i + 30_000));
        }
        assertThat(a.isExact()).isFalse();
        assertThat((double) a.count()).isCloseTo(60_000, within(60_000 * 0.05));
        assertThat((double) a.add(b).count()).isCloseTo(90_000, within(90_000 * 0.05));
        assertThat(a.toBytes()).hasSizeLessThanOrEqualTo(4097);
    }

    @Test
    void aStoredCounterReadsBackTheSame() {
        DistinctCounter small = new DistinctCounter().add("a").add("b");
        DistinctCounter large = new DistinctCounter();
        for (int i = 0; i < 5000; i++) {
            large.add("v" + i);
        }
        assertThat(DistinctCounter.fromBytes(small.toBytes()).count()).isEqualTo(2);
        assertThat(DistinctCounter.fromBytes(large.toBytes()).count()).isEqualTo(large.count());
        assertThat(DistinctCounter.fromBytes(new byte[0]).count()).isZero();
    }
}
