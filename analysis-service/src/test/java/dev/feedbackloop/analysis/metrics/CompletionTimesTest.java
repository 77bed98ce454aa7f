package dev.feedbackloop.analysis.metrics;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Percentiles of times to completion read from the log-scale histogram, against the exact ones. */
class CompletionTimesTest {

    static final double[] PERCENTILES = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

    static CompletionTimes histogramOf(long... millis) {
        CompletionTimes times = new CompletionTimes();
        LongStream.of(millis).forEach(times::add);
        return times;
    }

    /** The nearest-rank percentile: the smallest value with at least p of all values at or below it. */
    static long exact(long[] millis, double p) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(p * sorted.length));
        return sorted[rank - 1];
    }

    static void assertWithinFourAndAHalfPercent(long[] millis) {
        CompletionTimes times = histogramOf(millis);
        for (double p : PERCENTILES) {
            long exact = exact(millis, p);
            assertThat(times.percentile(p)).as("p%s of %s values, exact %d ms", p, millis.length, exact)
                    .isCloseTo((double) exact, within(0.045 * exact));
        }
    }

    @Test
    void percentilesOfUniformTimesAreWithinFourAndAHalfPercentOfTheExactOnes() {
        Random random = new Random(42);
        assertWithinFourAndAHalfPercent(random.longs(10_000, 0, 60_000).toArray());
        assertWithinFourAndAHalfPercent(random.longs(5_000, 0, 200).toArray());
    }

    @Test
    void percentilesOfSkewedTimesAreWithinFourAndAHalfPercentOfTheExactOnes() {
        Random random = new Random(7);
        // log-normal around 1.5 s with a long tail, and a mass of instant answers next to a few very slow ones
        long[] logNormal = random.doubles(10_000).map(u -> Math.exp(7.3 + 1.2 * random.nextGaussian()))
                .mapToLong(Math::round).toArray();
        assertWithinFourAndAHalfPercent(logNormal);
        long[] bimodal = LongStream.concat(random.longs(900, 5, 40), random.longs(100, 100_000, 3_600_000)).toArray();
        assertWithinFourAndAHalfPercent(bimodal);
    }

    @Test
    void everySingleTimeUpToTwoMinutesIsReadBackWithinFourAndAHalfPercent() {
        for (long millis = 1; millis <= 120_000; millis++) {
            Double read = histogramOf(millis).percentile(0.5);
            assertThat(read).as("%d ms", millis).isCloseTo((double) millis, within(0.045 * millis));
        }
        for (long millis : new long[]{3_600_000L, 86_400_000L, 7L * 86_400_000L}) {
            assertThat(histogramOf(millis, millis, millis).percentile(0.99)).as("%d ms", millis)
                    .isCloseTo((double) millis, within(0.045 * millis));
        }
    }

    @Test
    void aZeroTimeIsReadBackAsExactlyZero() {
        // log2(1 + 0) = 0: bin 0, which holds no other whole millisecond (1 ms is log2(2) * 8 = bin 8)
        assertThat(histogramOf(0, 0, 0).percentile(0.5)).isEqualTo(0.0);
        assertThat(histogramOf(0, 0, 0).percentile(1.0)).isEqualTo(0.0);
    }

    @Test
    void halfOfFourTimesIsTheSecondOfThem() {
        CompletionTimes times = histogramOf(400, 100, 300, 200);
        // nearest rank of p50 over 4 values: ceil(0.5 * 4) = 2, the second smallest, 200 ms; p100 is the largest
        assertThat(times.percentile(0.5)).isCloseTo(200.0, within(0.045 * 200));
        assertThat(times.percentile(1.0)).isCloseTo(400.0, within(0.045 * 400));
        // ceil(0.01 * 4) = 1: the smallest
        assertThat(times.percentile(0.01)).isCloseTo(100.0, within(0.045 * 100));
        assertThat(times.count()).isEqualTo(4);
    }

    @Test
    void withoutDataThereIsNoPercentile() {
        CompletionTimes empty = new CompletionTimes();
        assertThat(empty.count()).isZero();
        assertThat(empty.percentile(0.5)).isNull();
        assertThat(empty.percentile(0.99)).isNull();
        empty.add(new CompletionTimes());
        empty.add(new Document());
        assertThat(empty.percentile(0.5)).isNull();
    }

    @Test
    void mergedHistogramsEqualOneHistogramOfAllTheirTimes() {
        Random random = new Random(3);
        long[] all = random.doubles(3_000).mapToLong(u -> Math.round(Math.exp(2 + 10 * u))).toArray();
        CompletionTimes whole = histogramOf(all);
        CompletionTimes merged = new CompletionTimes();
        List<CompletionTimes> parts = new ArrayList<>();
        for (int from = 0; from < all.length; from += 700) {
            parts.add(histogramOf(Arrays.copyOfRange(all, from, Math.min(all.length, from + 700))));
        }
        parts.forEach(merged::add);

        assertThat(merged.count()).isEqualTo(whole.count()).isEqualTo(3_000);
        assertThat(bins(merged)).isEqualTo(bins(whole));
        for (double p : PERCENTILES) {
            assertThat(merged.percentile(p)).as("p%s", p).isEqualTo(whole.percentile(p));
        }
    }

    @Test
    void aHistogramStoredAsBinCountsAddsUpLikeTheHistogramItself() {
        CompletionTimes first = histogramOf(0, 12, 950, 950, 4_100);
        CompletionTimes second = histogramOf(12, 61_000);
        CompletionTimes fromStore = new CompletionTimes();
        fromStore.add(stored(first));
        fromStore.add(stored(second));

        CompletionTimes whole = histogramOf(0, 12, 950, 950, 4_100, 12, 61_000);
        assertThat(fromStore.count()).isEqualTo(7);
        assertThat(bins(fromStore)).isEqualTo(bins(whole));
        for (double p : PERCENTILES) {
            assertThat(fromStore.percentile(p)).as("p%s", p).isEqualTo(whole.percentile(p));
        }
    }

    /** As the projection stores a histogram: "ttc.<bin>" counters, read back as a sub-document. */
    static Document stored(CompletionTimes times) {
        Document ttc = new Document();
        times.forEachBin((bin, n) -> ttc.put(String.valueOf(bin), n));
        return ttc;
    }

    static Document bins(CompletionTimes times) {
        return stored(times);
    }
}
