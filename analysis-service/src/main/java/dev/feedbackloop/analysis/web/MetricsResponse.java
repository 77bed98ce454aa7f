package dev.feedbackloop.analysis.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.feedbackloop.kernel.analysis.DailyMetrics;
import dev.feedbackloop.kernel.analysis.FeedbackSummary;
import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.kernel.analysis.IntentPerformance;
import dev.feedbackloop.kernel.analysis.MetricSnapshot;
import dev.feedbackloop.kernel.analysis.SegmentMetrics;
import dev.feedbackloop.kernel.analysis.SegmentReport;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The feedback metrics answers: a period's summary, the days, the intents and the user segments. */
public final class MetricsResponse {

    private MetricsResponse() {
    }

    /** A snapshot as the specification names it, with the rates it leaves out; a rate no feedback carries is null. */
    @Schema(name = "FeedbackMetrics")
    public record Metrics(long totalFeedback, Double averageRating, Double completionRate, Double escalationRate,
                          Double retryRate, Double followUpRate, Double thumbsUpRate, long negativeSignals,
                          TimeToCompletion timeToCompletionMs) {

        static Metrics of(MetricSnapshot m) {
            return new Metrics(m.totalFeedback(), m.averageRating(), m.completionRate(), m.escalationRate(),
                    m.retryRate(), m.followUpRate(), m.thumbsUpRate(), m.negativeSignals(),
                    new TimeToCompletion(m.timeToCompletionP50(), m.timeToCompletionP90(), m.timeToCompletionP95(),
                            m.timeToCompletionP99()));
        }
    }

    /** Percentiles of the time to completion, in milliseconds. */
    @Schema(name = "TimeToCompletionPercentiles")
    public record TimeToCompletion(Double p50, Double p90, Double p95, Double p99) {
    }

    /** The metrics of a period; the filters given are named, those not given are left out. */
    @Schema(name = "FeedbackSummary")
    public record Summary(Instant start, Instant end, @JsonInclude(JsonInclude.Include.NON_NULL) String agentId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String agentVersion,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String intentCategory,
                          @JsonUnwrapped Metrics metrics) {

        static Summary of(FeedbackSummaryQuery query, FeedbackSummary s) {
            return new Summary(s.start(), s.end(), query.agentId(), query.agentVersion(), query.intentCategory(),
                    Metrics.of(s.metrics()));
        }
    }

    /** The days from {@code from} to {@code to} in {@code time_zone}, a row per day and group. */
    @Schema(name = "DailyMetrics")
    public record Daily(String from, String to, String timeZone, List<String> groupBy, List<Day> days) {

        static Daily of(FindDailyMetrics query, List<DailyMetrics> days) {
            return new Daily(query.from().toString(), query.to().toString(), query.zone().getId(), query.groupBy(),
                    days.stream().map(Day::of).toList());
        }
    }

    /** One day of one group: the group's keys (those of {@code group_by}) sit beside the date. */
    @Schema(name = "DailyMetricsRow", description = "One day of one group; the keys of group_by (agent_id, agent_version,"
            + " intent_category) sit beside the date with the group's values")
    @JsonPropertyOrder({"date"})
    public record Day(String date,
                      @JsonAnyGetter @Schema(hidden = true) Map<String, String> group,
                      long feedbackCount, Double averageUserRating, Double taskCompletionRate, Double escalationRate,
                      Double retryRate) {

        static Day of(DailyMetrics d) {
            MetricSnapshot m = d.metrics();
            return new Day(d.date().toString(), d.group(), m.totalFeedback(), m.averageRating(), m.completionRate(),
                    m.escalationRate(), m.retryRate());
        }
    }

    /** Each intent's metrics in the period, in the period before, and the change between them. */
    @Schema(name = "IntentPerformance")
    public record Intents(Instant start, Instant end, Instant previousStart, List<Intent> intents) {

        static Intents of(MetricsPeriod period, List<IntentPerformance> intents) {
            return new Intents(period.start(), period.end(), period.previousStart(), intents.stream().map(Intent::of).toList());
        }
    }

    @Schema(name = "IntentRow")
    public record Intent(String intentCategory, @JsonUnwrapped IntentMetrics current, IntentMetrics previous,
                         Change change) {

        static Intent of(IntentPerformance i) {
            return new Intent(i.intentCategory(), IntentMetrics.of(i.current()), IntentMetrics.of(i.previous()),
                    new Change(i.current().totalFeedback() - i.previous().totalFeedback(),
                            difference(i.current().completionRate(), i.previous().completionRate()),
                            difference(i.current().averageRating(), i.previous().averageRating()),
                            difference(i.current().escalationRate(), i.previous().escalationRate())));
        }
    }

    @Schema(name = "IntentMetrics")
    public record IntentMetrics(long volume, Double successRate, Double averageRating, Double escalationRate) {

        static IntentMetrics of(MetricSnapshot m) {
            return new IntentMetrics(m.totalFeedback(), m.completionRate(), m.averageRating(), m.escalationRate());
        }
    }

    /** The current period minus the previous one; null where either has no value. */
    @Schema(name = "IntentChange")
    public record Change(long volume, Double successRate, Double averageRating, Double escalationRate) {
    }

    static Double difference(Double current, Double previous) {
        return current == null || previous == null ? null : Math.round((current - previous) * 1e6) / 1e6;
    }

    /** The metrics per segment; {@code truncated} when the scan stopped at its limit. */
    @Schema(name = "SegmentReport")
    public record Segments(Instant start, Instant end, String by, List<Segment> segments, long scannedFeedback,
                           boolean truncated) {

        static Segments of(MetricsPeriod period, SegmentReport report) {
            return new Segments(period.start(), period.end(), report.by(),
                    report.segments().stream().map(Segment::of).toList(), report.scannedFeedback(), report.truncated());
        }
    }

    @Schema(name = "SegmentRow")
    public record Segment(String segment, long users, @JsonUnwrapped Metrics metrics) {

        static Segment of(SegmentMetrics s) {
            return new Segment(s.segment(), s.users(), Metrics.of(s.metrics()));
        }
    }
}
