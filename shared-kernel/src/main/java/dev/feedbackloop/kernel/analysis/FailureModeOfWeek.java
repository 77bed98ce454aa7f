package dev.feedbackloop.kernel.analysis;

import java.util.List;

/**
 * A failure mode active during a week: its size and state at the week's end, the largest 24-hour size recorded
 * during the week, and what happened to it that week (discovered, resolved, merged into another, split).
 */
public record FailureModeOfWeek(FailureClusterSummary cluster, int size, int peakSizeLast24h, String state,
                                boolean discovered, boolean resolved, String mergedInto, List<String> splitInto,
                                List<FailureExample> examples) {
}
