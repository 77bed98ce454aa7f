package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.DailyMetrics;
import dev.feedbackloop.kernel.analysis.FeedbackSummary;
import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.kernel.analysis.FindIntentPerformance;
import dev.feedbackloop.kernel.analysis.FindSegments;
import dev.feedbackloop.kernel.analysis.IntentPerformance;
import dev.feedbackloop.kernel.analysis.SegmentReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * Feedback metrics for ML teams, in event time: a summary of any period (the specification's
 * {@code analyze_feedback}), the daily aggregation, the intent breakdown and user segments.
 */
@RestController
@Tag(name = "metrics", description = "Feedback metrics in event time: summary, days, intents, segments")
@RequestMapping("/api/v1/analytics")
public class MetricsController {

    private final QueryGateway queries;
    private final Clock clock;

    public MetricsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/summary")
    @Operation(summary = "Summarizes the feedback of a period (analyze_feedback)")
    public Mono<MetricsResponse.Summary> summary(@ParameterObject FeedbackSummaryQuery query) {
        MetricsPeriod period = MetricsPeriod.of(query.start(), query.end(), clock.instant());
        return Mono.fromFuture(() -> queries.query(query.query(period), FeedbackSummary.class))
                .map(summary -> MetricsResponse.Summary.of(query, summary));
    }

    @GetMapping("/daily")
    @Operation(summary = "Aggregates the feedback per day, optionally per agent, version and intent")
    public Mono<MetricsResponse.Daily> daily(@ParameterObject DailyQuery query) {
        FindDailyMetrics days = query.query(clock.instant());
        return Mono.fromFuture(() -> queries.query(days, ResponseTypes.multipleInstancesOf(DailyMetrics.class)))
                .map(rows -> MetricsResponse.Daily.of(days, rows));
    }

    @GetMapping("/intents")
    @Operation(summary = "Breaks the feedback of a period down by intent, against the period before")
    public Mono<MetricsResponse.Intents> intents(@ParameterObject IntentsQuery query) {
        MetricsPeriod period = MetricsPeriod.of(query.start(), query.end(), clock.instant());
        return Mono.fromFuture(() -> queries.query(new FindIntentPerformance(period.start(), period.end(), query.agentId()),
                        ResponseTypes.multipleInstancesOf(IntentPerformance.class)))
                .map(intents -> MetricsResponse.Intents.of(period, intents));
    }

    @GetMapping("/segments")
    @Operation(summary = "Breaks the feedback of a period down by user segment")
    public Mono<MetricsResponse.Segments> segments(@ParameterObject SegmentsQuery query) {
        MetricsPeriod period = MetricsPeriod.of(query.start(), query.end(), clock.instant());
        return Mono.fromFuture(() -> queries.query(new FindSegments(period.start(), period.end(), query.segmentKey(),
                        query.agentId()), SegmentReport.class))
                .map(report -> MetricsResponse.Segments.of(period, report));
    }
}
