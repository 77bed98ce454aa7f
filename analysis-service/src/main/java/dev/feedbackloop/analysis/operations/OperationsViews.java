package dev.feedbackloop.analysis.operations;

import java.time.Instant;
import java.util.List;

/** The answers of the operations queries. */
public final class OperationsViews {

    private OperationsViews() {
    }

    /**
     * The metrics of a period ({@code start} and {@code end} as computed: whole minutes, or whole hours where minutes
     * are no longer kept), in total and, when grouped, per group.
     */
    public record Summary(Instant start, Instant end, String agentId, String agentVersion, String intentCategory,
                          OperationalMetricsView metrics, List<Group> groups) {
    }

    /** One group of a summary: the keys grouped by are set, the others null. */
    public record Group(String agentId, String agentVersion, String intentCategory, OperationalMetricsView metrics) {
    }

    /** Metrics as time series, one point per minute or hour. */
    public record Series(Instant start, Instant end, String resolution, String agentId, String agentVersion,
                         String intentCategory, List<MetricSeries> series) {
    }

    public record MetricSeries(String metric, String unit, List<Point> points) {
    }

    /** A slice's value (null: no interactions to compute a rate or percentile from) and the interactions behind it. */
    public record Point(Instant start, Double value, long samples) {
    }

    /** The errors of a period by type (21.3.1's error distribution), most frequent first. */
    public record Errors(Instant start, Instant end, String agentId, String agentVersion, String intentCategory,
                         long requests, long errors, Double errorRate, List<ErrorType> types) {
    }

    public record ErrorType(String errorType, long count, double share) {
    }
}
