package dev.feedbackloop.analysis.drift;

import java.util.List;

/**
 * The bins of one feature, fixed from a reference window so that the current window is counted into the same
 * bins. Bin counts are what both windows are compared on.
 */
public sealed interface Bins permits NumericBins, CategoricalBins {

    int size();

    /** Human-readable bin labels, in bin order (for histograms shown to people). */
    List<String> labels();
}
