package dev.feedbackloop.analysis.search;

import java.util.List;

/** A parsed filter: comparisons that must all hold. No comparisons match every feedback. */
public record SearchFilter(List<Comparison> comparisons) {

    public static final SearchFilter EVERYTHING = new SearchFilter(List.of());

    public SearchFilter {
        comparisons = List.copyOf(comparisons);
    }

    public List<Comparison> on(FieldRef.Source source) {
        return comparisons.stream().filter(c -> c.field().source() == source).toList();
    }
}
