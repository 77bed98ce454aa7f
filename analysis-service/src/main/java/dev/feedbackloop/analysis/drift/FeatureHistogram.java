package dev.feedbackloop.analysis.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature's histogram over a window of feedback: counts per value key (see {@link Observations}) and how many
 * feedback carried the feature. The rest of the window's feedback is the missing bin, so counting needs the
 * window's total. Windows slide by adding and subtracting hourly histograms.
 */
public final class FeatureHistogram {

    private final Map<String, Long> counts = new HashMap<>();
    private long carrying;

    public void add(String key, long n) {
        counts.merge(key, n, (a, b) -> {
            long sum = a + b;
            return sum == 0 ? null : sum;
        });
    }

    public void addCarrying(long n) {
        carrying += n;
    }

    public void add(FeatureHistogram other, int sign) {
        other.counts.forEach((k, n) -> add(k, sign * n));
        carrying += sign * other.carrying;
    }

    public long carrying() {
        return carrying;
    }

    /** Numeric when every value seen is a number. */
    public boolean isNumeric() {
        return !counts.isEmpty() && counts.keySet().stream().allMatch(Observations::isNumberKey);
    }

    /** Bins fixed on this histogram as the reference: deciles for numbers, one bin per category otherwise. */
    public Bins referenceBins() {
        if (isNumeric()) {
            List<Map.Entry<Double, Long>> weighted = new ArrayList<>(counts.size());
            counts.forEach((k, n) -> weighted.add(Map.entry(Observations.numberOf(k), n)));
            weighted.sort(Map.Entry.comparingByKey());
            double[] values = new double[weighted.size()];
            long[] weights = new long[weighted.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = weighted.get(i).getKey();
                weights[i] = weighted.get(i).getValue();
            }
            return NumericBins.deciles(values, weights);
        }
        return CategoricalBins.of(counts.keySet().stream().map(Observations::categoryOf).toList());
    }

    /** This window counted into bins fixed elsewhere, out of {@code feedback} in the window (the rest is missing). */
    public long[] countInto(Bins bins, long feedback) {
        long[] out = new long[bins.size()];
        long missing = Math.max(0, feedback - carrying);
        if (bins instanceof NumericBins numeric) {
            counts.forEach((k, n) -> {
                int bin = Observations.isNumberKey(k) ? numeric.binOf(Observations.numberOf(k)) : numeric.missingBin();
                out[bin] += n;
            });
            out[numeric.missingBin()] += missing;
        } else {
            CategoricalBins categorical = (CategoricalBins) bins;
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < categorical.categories().size(); i++) {
                index.put(categorical.categories().get(i), i);
            }
            int unseen = categorical.categories().size();
            counts.forEach((k, n) -> out[index.getOrDefault(Observations.categoryOf(k), unseen)] += n);
            out[unseen + 1] += missing;
        }
        return out;
    }
}
