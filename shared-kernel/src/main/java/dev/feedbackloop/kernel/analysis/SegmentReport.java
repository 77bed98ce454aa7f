package dev.feedbackloop.kernel.analysis;

import java.util.List;

/** The segments of a period; {@code truncated} when more feedback matched than one report scans. */
public record SegmentReport(String by, List<SegmentMetrics> segments, long scannedFeedback, boolean truncated) {
}
