package dev.feedbackloop.analysis.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bins on the reference's deciles with open outer edges: {@code (-inf, d1], (d1, d2], ..., (d9, +inf)}, plus a last
 * bin for missing values (null or NaN). Deciles are linearly interpolated (the usual "type 7" definition); equal
 * edges, as from a reference with many identical values, are merged so no bin is empty by construction.
 */
public record NumericBins(double[] upperEdges) implements Bins {

    public NumericBins {
        upperEdges = upperEdges.clone();
        for (int i = 1; i < upperEdges.length; i++) {
            if (!(upperEdges[i] > upperEdges[i - 1])) {
                throw new IllegalArgumentException("bin edges must increase strictly");
            }
        }
    }

    /** Deciles of the reference values; at least one finite reference value is needed. */
    public static NumericBins deciles(double[] reference) {
        double[] sorted = Arrays.stream(reference).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("a numeric feature needs at least one reference value");
        }
        List<Double> edges = new ArrayList<>(9);
        for (int k = 1; k <= 9; k++) {
            double edge = quantile(sorted, k / 10.0);
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        return new NumericBins(edges.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Deciles of a weighted sample: {@code values} sorted ascending, {@code weights[i]} copies of {@code values[i]}.
     * The same as {@link #deciles(double[])} on the expanded sample, without expanding it.
     */
    public static NumericBins deciles(double[] values, long[] weights) {
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("a numeric feature needs at least one reference value");
        }
        List<Double> edges = new ArrayList<>(9);
        for (int k = 1; k <= 9; k++) {
            double position = k / 10.0 * (total - 1);
            long lower = (long) Math.floor(position);
            double low = valueAtRank(values, weights, lower);
            double high = valueAtRank(values, weights, Math.min(lower + 1, total - 1));
            double edge = low + (position - lower) * (high - low);
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        return new NumericBins(edges.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double valueAtRank(double[] values, long[] weights, long rank) {
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += weights[i];
            if (rank < seen) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /** Bin index: 0..edges for values, {@code size() - 1} for missing ones. */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            return missingBin();
        }
        int found = Arrays.binarySearch(upperEdges, value);
        // An exact hit belongs to the bin the edge closes; otherwise the insertion point is the bin.
        return found >= 0 ? found : -found - 1;
    }

    public int missingBin() {
        return upperEdges.length + 1;
    }

    /** Counts per bin; NaN counts as missing. */
    public long[] count(double[] values) {
        long[] counts = new long[size()];
        for (double value : values) {
            counts[binOf(value)]++;
        }
        return counts;
    }

    @Override
    public int size() {
        return upperEdges.length + 2;
    }

    @Override
    public List<String> labels() {
        List<String> labels = new ArrayList<>(size());
        for (int i = 0; i <= upperEdges.length; i++) {
            String low = i == 0 ? "-inf" : Double.toString(upperEdges[i - 1]);
            String high = i == upperEdges.length ? "+inf" : Double.toString(upperEdges[i]);
            labels.add("(" + low + ", " + high + (i == upperEdges.length ? ")" : "]"));
        }
        labels.add("missing");
        return labels;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericBins n && Arrays.equals(upperEdges, n.upperEdges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(upperEdges);
    }

    @Override
    public String toString() {
        return "NumericBins" + Arrays.toString(upperEdges);
    }
}
