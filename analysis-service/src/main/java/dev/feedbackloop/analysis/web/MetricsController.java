package dev.feedbackloop.analysis.web;

import dev.feedbackloop.kernel.analysis.DailyMetrics;
import dev.feedbackloop.kernel.analysis.FeedbackSummary;
import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.kernel.analysis.FindIntentPerformance;
import dev.feedbackloop.kernel.analysis.FindSegments;
import dev.feedbackloop.kernel.analysis.IntentPerformance;
import dev.feedbackloop.kernel.analysis.MetricSnapshot;
import dev.feedbackloop.kernel.analysis.SegmentReport;
import dev.feedbackloop.kernel.analysis.SummarizeFeedback;
import dev.feedbackloop.support.web.ApiProblem;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feedback metrics for ML teams, in event time: a summary of any period (the specification's
 * {@code analyze_feedback}), the daily aggregation, the intent breakdown and user segments.
 */
@RestController
@RequestMapping("/api/v1/analytics")
public class MetricsController {

    static final Duration LONGEST_PERIOD = Duration.ofDays(400);
    static final List<String> GROUP_KEYS = List.of("agent_id", "agent_version", "intent_category");

    private final QueryGateway queries;
    private final Clock clock;

    public MetricsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** A period in event time, widened to whole hours; defaults to the last 7 days. */
    record Period(Instant start, Instant end) {
    }

    Period period(String start, String end) {
        Instant to = end == null ? clock.instant() : instant("end", end);
        Instant from = start == null ? to.minus(Duration.ofDays(7)) : instant("start", start);
        from = from.truncatedTo(ChronoUnit.HOURS);
        Instant hour = to.truncatedTo(ChronoUnit.HOURS);
        to = hour.equals(to) ? to : hour.plus(Duration.ofHours(1));
        if (!from.isBefore(to)) {
            throw ApiProblem.validation("start", "before_end", "start must be before end");
        }
        if (Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
            throw ApiProblem.validation("end", "max_period", "a period spans at most " + LONGEST_PERIOD.toDays() + " days");
        }
        return new Period(from, to);
    }

    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw ApiProblem.validation(field, "timestamp", field + " must be an ISO-8601 instant like 2026-11-28T00:00:00Z");
        }
    }

    @GetMapping("/summary")
    public Mono<Map<String, Object>> summary(@RequestParam(required = false) String start,
                                             @RequestParam(required = false) String end,
                                             @RequestParam(name = "agent_id", required = false) String agentId,
                                             @RequestParam(name = "agent_version", required = false) String agentVersion,
                                             @RequestParam(name = "intent_category", required = false) String intentCategory) {
        Period p = period(start, end);
        return Mono.fromFuture(() -> queries.query(new SummarizeFeedback(p.start(), p.end(), agentId, agentVersion,
                        intentCategory), FeedbackSummary.class))
                .map(s -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("start", s.start().toString());
                    out.put("end", s.end().toString());
                    if (agentId != null) {
                        out.put("agent_id", agentId);
                    }
                    if (agentVersion != null) {
                        out.put("agent_version", agentVersion);
                    }
                    if (intentCategory != null) {
                        out.put("intent_category", intentCategory);
                    }
                    out.putAll(metrics(s.metrics()));
                    return out;
                });
    }

    /** The snapshot as the specification names it, with the rates it leaves out. */
    static Map<String, Object> metrics(MetricSnapshot m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_feedback", m.totalFeedback());
        out.put("average_rating", m.averageRating());
        out.put("completion_rate", m.completionRate());
        out.put("escalation_rate", m.escalationRate());
        out.put("retry_rate", m.retryRate());
        out.put("follow_up_rate", m.followUpRate());
        out.put("thumbs_up_rate", m.thumbsUpRate());
        out.put("negative_signals", m.negativeSignals());
        Map<String, Object> ttc = new LinkedHashMap<>();
        ttc.put("p50", m.timeToCompletionP50());
        ttc.put("p90", m.timeToCompletionP90());
        ttc.put("p95", m.timeToCompletionP95());
        ttc.put("p99", m.timeToCompletionP99());
        out.put("time_to_completion_ms", ttc);
        return out;
    }

    @GetMapping("/daily")
    public Mono<Map<String, Object>> daily(@RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to,
                                           @RequestParam(name = "group_by", required = false) String groupBy,
                                           @RequestParam(name = "agent_id", required = false) String agentId,
                                           @RequestParam(name = "time_zone", required = false, defaultValue = "UTC") String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ApiProblem.validation("time_zone", "zone_id", "time_zone must be a zone id like UTC or Europe/Berlin");
        }
        if (!wholeHourOffsets(zone)) {
            // metrics are kept per hour: a day starting at :30 or :45 cannot be summed exactly
            throw ApiProblem.validation("time_zone", "whole_hour_offset",
                    "time_zone must be at a whole number of hours from UTC (like Europe/Berlin); " + timeZone + " is not");
        }
        LocalDate last = to == null ? LocalDate.ofInstant(clock.instant(), zone) : date("to", to);
        LocalDate first = from == null ? last.minusDays(6) : date("from", from);
        if (first.isAfter(last)) {
            throw ApiProblem.validation("from", "before_to", "from must not be after to");
        }
        // from and to are both included: the last day may be the 400th
        if (first.plusDays(LONGEST_PERIOD.toDays() - 1).isBefore(last)) {
            throw ApiProblem.validation("to", "max_period", "a period spans at most " + LONGEST_PERIOD.toDays() + " days");
        }
        List<String> keys = new ArrayList<>();
        if (groupBy != null && !groupBy.isBlank()) {
            for (String key : groupBy.split(",")) {
                String k = key.trim();
                if (!GROUP_KEYS.contains(k)) {
                    throw ApiProblem.validation("group_by", "known_key", "group_by takes a comma-separated list of "
                            + String.join(", ", GROUP_KEYS) + "; '" + k + "' is not one");
                }
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return Mono.fromFuture(() -> queries.query(new FindDailyMetrics(first, last, zone, keys, agentId),
                        ResponseTypes.multipleInstancesOf(DailyMetrics.class)))
                .map(days -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (DailyMetrics d : days) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("date", d.date().toString());
                        row.putAll(d.group());
                        row.put("feedback_count", d.metrics().totalFeedback());
                        row.put("average_user_rating", d.metrics().averageRating());
                        row.put("task_completion_rate", d.metrics().completionRate());
                        row.put("escalation_rate", d.metrics().escalationRate());
                        row.put("retry_rate", d.metrics().retryRate());
                        rows.add(row);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("from", first.toString());
                    out.put("to", last.toString());
                    out.put("time_zone", zone.getId());
                    out.put("group_by", keys);
                    out.put("days", rows);
                    return out;
                });
    }

    /** Whether the zone's offset is a whole number of hours now and at every transition of the last and next years. */
    static boolean wholeHourOffsets(ZoneId zone) {
        java.time.zone.ZoneRules rules = zone.getRules();
        Instant now = Instant.now();
        if (rules.getOffset(now).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        return rules.getTransitions().stream()
                .filter(t -> t.getInstant().isAfter(now.minus(Duration.ofDays(800))) && t.getInstant().isBefore(now.plus(Duration.ofDays(800))))
                .allMatch(t -> t.getOffsetAfter().getTotalSeconds() % 3600 == 0);
    }

    static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ApiProblem.validation(field, "date", field + " must be a date like 2026-11-28");
        }
    }

    @GetMapping("/intents")
    public Mono<Map<String, Object>> intents(@RequestParam(required = false) String start,
                                             @RequestParam(required = false) String end,
                                             @RequestParam(name = "agent_id", required = false) String agentId) {
        Period p = period(start, end);
        return Mono.fromFuture(() -> queries.query(new FindIntentPerformance(p.start(), p.end(), agentId),
                        ResponseTypes.multipleInstancesOf(IntentPerformance.class)))
                .map(intents -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (IntentPerformance i : intents) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("intent_category", i.intentCategory());
                        row.putAll(intentMetrics(i.current()));
                        row.put("previous", intentMetrics(i.previous()));
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("volume", i.current().totalFeedback() - i.previous().totalFeedback());
                        change.put("success_rate", difference(i.current().completionRate(), i.previous().completionRate()));
                        change.put("average_rating", difference(i.current().averageRating(), i.previous().averageRating()));
                        change.put("escalation_rate", difference(i.current().escalationRate(), i.previous().escalationRate()));
                        row.put("change", change);
                        rows.add(row);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("start", p.start().toString());
                    out.put("end", p.end().toString());
                    out.put("previous_start", p.start().minus(Duration.between(p.start(), p.end())).toString());
                    out.put("intents", rows);
                    return out;
                });
    }

    static Map<String, Object> intentMetrics(MetricSnapshot m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("volume", m.totalFeedback());
        out.put("success_rate", m.completionRate());
        out.put("average_rating", m.averageRating());
        out.put("escalation_rate", m.escalationRate());
        return out;
    }

    static Double difference(Double current, Double previous) {
        return current == null || previous == null ? null : Math.round((current - previous) * 1e6) / 1e6;
    }

    @GetMapping("/segments")
    public Mono<Map<String, Object>> segments(@RequestParam(required = false) String start,
                                              @RequestParam(required = false) String end,
                                              @RequestParam(required = false, defaultValue = "user_tenure") String by,
                                              @RequestParam(name = "agent_id", required = false) String agentId) {
        Period p = period(start, end);
        if (!by.equals("user_tenure") && !(by.startsWith("metadata.") && by.length() > "metadata.".length()
                && Arrays.stream(by.split("\\.")).noneMatch(part -> part.isEmpty() || part.startsWith("$")))) {
            throw ApiProblem.validation("by", "segment_key", "by is user_tenure or metadata.<key>, e.g. metadata.channel");
        }
        return Mono.fromFuture(() -> queries.query(new FindSegments(p.start(), p.end(), by, agentId), SegmentReport.class))
                .map(report -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    report.segments().forEach(s -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("segment", s.segment());
                        row.put("users", s.users());
                        row.putAll(metrics(s.metrics()));
                        rows.add(row);
                    });
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("start", p.start().toString());
                    out.put("end", p.end().toString());
                    out.put("by", report.by());
                    out.put("segments", rows);
                    out.put("scanned_feedback", report.scannedFeedback());
                    out.put("truncated", report.truncated());
                    return out;
                });
    }
}
