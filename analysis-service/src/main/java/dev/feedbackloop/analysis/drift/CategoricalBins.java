package dev.feedbackloop.analysis.drift;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One bin per category seen in the reference (sorted, so the order is stable), one for categories the reference
 * never saw, and one for missing values.
 */
public record CategoricalBins(List<String> categories) implements Bins {

    public static final String UNSEEN = "(unseen)";
    public static final String MISSING = "(missing)";

    public CategoricalBins {
        categories = List.copyOf(new TreeSet<>(categories));
    }

    public static CategoricalBins of(Collection<String> reference) {
        return new CategoricalBins(reference.stream().filter(c -> c != null).toList());
    }

    public long[] count(Collection<String> values) {
        Map<String, Integer> index = new HashMap<>(categories.size() * 2);
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        long[] counts = new long[size()];
        for (String value : values) {
            int bin = value == null ? categories.size() + 1 : index.getOrDefault(value, categories.size());
            counts[bin]++;
        }
        return counts;
    }

    @Override
    public int size() {
        return categories.size() + 2;
    }

    @Override
    public List<String> labels() {
        List<String> labels = new ArrayList<>(categories);
        labels.add(UNSEEN);
        labels.add(MISSING);
        return labels;
    }
}
