package dev.feedbackloop.kernel.analysis;

import java.time.Instant;
import java.util.List;

/** The bins (fixed on the reference) and each window's share per bin, as the PSI was computed. */
public record DriftHistograms(String agentId, String feature, Instant evaluatedAt, Instant referenceFrom,
                              Instant referenceTo, Instant currentFrom, List<String> bins,
                              List<Double> referenceShares, List<Double> currentShares, long referenceCount,
                              long currentCount, Double psi) {
}
