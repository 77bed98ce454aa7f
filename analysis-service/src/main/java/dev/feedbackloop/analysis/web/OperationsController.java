package dev.feedbackloop.analysis.web;

import dev.feedbackloop.analysis.operations.OperationalMetrics;
import dev.feedbackloop.analysis.operations.OperationsQueries;
import dev.feedbackloop.analysis.operations.OperationsViews;
import dev.feedbackloop.kernel.metrics.Metric;
import dev.feedbackloop.support.web.ApiProblem;
import dev.feedbackloop.support.web.ApiQuery;
import dev.feedbackloop.support.web.RequestRules;
import dev.feedbackloop.support.web.Violations;
import dev.feedbackloop.support.web.WellFormedId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Operational metrics (what the agents did, from their traces) in event time: a summary of a period, time series by
 * minute or hour, and errors by type; each for all agents or one, and within it one version and/or intent.
 */
@RestController
@Tag(name = "operations", description = "Operational metrics from the agents' traces")
@RequestMapping("/api/v1/analytics/operations")
public class OperationsController {

    static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    static final Duration LONGEST_PERIOD = Duration.ofDays(400);
    static final int MAX_POINTS = 10_000;

    /**
     * @param start    from (ISO-8601); default: {@code end} minus 24 hours
     * @param end      until (exclusive); default: now
     * @param groupBy  for the summary: any of agent_id, agent_version, intent_category
     */
    @ApiQuery
    public record SummaryQuery(@YearRange Instant start, @YearRange Instant end, @WellFormedId(rule = "identifier") String agentId,
                               @NotBlank @Size(max = 256) @Printable String agentVersion, @NotBlank @Size(max = 256) @Printable String intentCategory,
                               List<String> groupBy) implements RequestRules {
        @Override
        public void check(Violations violations, Context context) {
            checkPeriod(start, end, violations);
            for (String key : groupBy) {
                if (!OperationsQueries.GROUP_KEYS.contains(key)) {
                    violations.add("group_by", "enum", "takes agent_id, agent_version or intent_category; '" + key
                            + "' is none of them");
                }
            }
        }
    }

    /**
     * @param metric     repeated for several series; default: every interaction metric
     * @param resolution minute or hour; default: minute for a period of a day at most whose minutes are still kept
     */
    @ApiQuery
    public record SeriesQuery(@YearRange Instant start, @YearRange Instant end, @WellFormedId(rule = "identifier") String agentId,
                              @NotBlank @Size(max = 256) @Printable String agentVersion, @NotBlank @Size(max = 256) @Printable String intentCategory,
                              List<String> metric, OperationsQueries.Resolution resolution) implements RequestRules {
        @Override
        public void check(Violations violations, Context context) {
            checkPeriod(start, end, violations);
            for (String name : metric) {
                if (Metric.byName(name).filter(m -> m.source() == Metric.Source.INTERACTIONS).isEmpty()) {
                    violations.add("metric", "enum", "'" + name + "' is not an interaction metric (known: "
                            + String.join(", ", Metric.from(Metric.Source.INTERACTIONS).stream().map(Metric::wireName).toList()) + ")");
                }
            }
        }
    }

    @ApiQuery
    public record ErrorsQuery(@YearRange Instant start, @YearRange Instant end, @WellFormedId(rule = "identifier") String agentId,
                              @NotBlank @Size(max = 256) @Printable String agentVersion, @NotBlank @Size(max = 256) @Printable String intentCategory)
            implements RequestRules {
        @Override
        public void check(Violations violations, Context context) {
            checkPeriod(start, end, violations);
        }
    }

    static void checkPeriod(@YearRange Instant start, @YearRange Instant end, Violations violations) {
        if (start != null && end != null && !start.isBefore(end)) {
            violations.add("start", "before_end", "must be before end");
        }
        if (start != null && end != null && Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
            violations.add("end", "max_period", "a period spans at most " + LONGEST_PERIOD.toDays() + " days");
        }
    }

    private final OperationsQueries queries;
    private final Clock clock;

    public OperationsController(OperationsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    private record Period(Instant start, Instant end) {
    }

    private Period period(Instant start, Instant end) {
        Instant to = end == null ? clock.instant() : end;
        Instant from = start == null ? to.minus(DEFAULT_PERIOD) : start;
        if (!from.isBefore(to)) {
            throw ApiProblem.validation("start", "before_end", "must be before end (end defaults to now)");
        }
        return new Period(from, to);
    }

    @GetMapping("/summary")
    @Operation(summary = "Summarizes the agents' interactions in a period, optionally per agent, version and intent")
    public Mono<OperationsViews.Summary> summary(@ParameterObject SummaryQuery q) {
        Period p = period(q.start(), q.end());
        return queries.summary(new OperationalMetrics.Selector(q.agentId(), q.agentVersion(), q.intentCategory()),
                p.start(), p.end(), q.groupBy());
    }

    @GetMapping("/series")
    @Operation(summary = "Gives interaction metrics as time series by minute or hour")
    public Mono<OperationsViews.Series> series(@ParameterObject SeriesQuery q) {
        Period p = period(q.start(), q.end());
        OperationsQueries.Resolution resolution = q.resolution() != null ? q.resolution()
                : queries.defaultResolution(p.start(), p.end());
        if (resolution == OperationsQueries.Resolution.MINUTE && p.start().isBefore(queries.oldestMinute())) {
            throw ApiProblem.validation("resolution", "minute_retention", "minutes are kept from "
                    + queries.oldestMinute() + " on; ask for resolution=hour, or a later start");
        }
        long points = Duration.between(p.start(), p.end()).dividedBy(resolution == OperationsQueries.Resolution.MINUTE
                ? Duration.ofMinutes(1) : Duration.ofHours(1));
        if (points > MAX_POINTS) {
            throw ApiProblem.validation("end", "max_points", "a series holds at most " + MAX_POINTS + " points; this"
                    + " period has " + points + " at resolution=" + resolution.wireName());
        }
        List<Metric> metrics = q.metric().isEmpty() ? List.copyOf(Metric.from(Metric.Source.INTERACTIONS))
                : q.metric().stream().distinct().map(Metric::named).toList();
        return queries.series(new OperationalMetrics.Selector(q.agentId(), q.agentVersion(), q.intentCategory()),
                p.start(), p.end(), resolution, metrics);
    }

    @GetMapping("/errors")
    @Operation(summary = "Counts the interactions' errors by type")
    public Mono<OperationsViews.Errors> errors(@ParameterObject ErrorsQuery q) {
        Period p = period(q.start(), q.end());
        return queries.errors(new OperationalMetrics.Selector(q.agentId(), q.agentVersion(), q.intentCategory()),
                p.start(), p.end());
    }
}
