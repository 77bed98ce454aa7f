package dev.feedbackloop.analysis.operations;

import dev.feedbackloop.kernel.metrics.Metric;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * The operations queries ML teams ask: a summary of a period (optionally grouped by agent, version or intent), time
 * series by minute or hour, and errors by type. A period is read from hour slices for its whole hours and from minute
 * slices for the minutes around them; where minutes are no longer kept, it is widened to whole hours.
 */
@Component
public class OperationsQueries {

    public enum Resolution {
        MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1));

        final Duration step;

        Resolution(Duration step) {
            this.step = step;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final List<String> GROUP_KEYS = List.of("agent_id", "agent_version", "intent_category");

    private final OperationalMetrics metrics;
    private final OperationsSettings settings;
    private final Clock clock;

    public OperationsQueries(OperationalMetrics metrics, OperationsSettings settings, Clock clock) {
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /** The earliest minute still kept. */
    public Instant oldestMinute() {
        return clock.instant().minus(settings.minuteRetention()).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    }

    /** A period read from slices: the minutes before and after its whole hours, and those hours. */
    record Plan(Instant start, Instant end, Instant firstHour, Instant lastHour) {
        Duration length() {
            return Duration.between(start, end);
        }
    }

    Plan plan(Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = ceil(to, ChronoUnit.MINUTES);
        if (start.isBefore(oldestMinute())) {
            start = start.truncatedTo(ChronoUnit.HOURS);
            end = ceil(end, ChronoUnit.HOURS);
        }
        Instant firstHour = ceil(start, ChronoUnit.HOURS);
        Instant lastHour = end.truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            firstHour = end;
            lastHour = end;
        }
        return new Plan(start, end, firstHour, lastHour);
    }

    static Instant ceil(Instant t, ChronoUnit unit) {
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(unit.getDuration());
    }

    private Flux<OperationalMetrics.Part> parts(Plan plan, OperationalMetrics.Selector selector, boolean bySeries,
                                                boolean users) {
        return Flux.concat(
                metrics.parts(OperationsProjection.MINUTES, selector, plan.start(), plan.firstHour(), Resolution.MINUTE.step, bySeries, users),
                metrics.parts(OperationsProjection.HOURS, selector, plan.firstHour(), plan.lastHour(), Resolution.HOUR.step, bySeries, users),
                metrics.parts(OperationsProjection.MINUTES, selector, plan.lastHour(), plan.end(), Resolution.MINUTE.step, bySeries, users));
    }

    public Mono<OperationsViews.Summary> summary(OperationalMetrics.Selector selector, Instant from, Instant to,
                                                 List<String> groupBy) {
        Plan plan = plan(from, to);
        boolean grouped = groupBy != null && !groupBy.isEmpty();
        return parts(plan, selector, grouped, true)
                .collect(() -> new Object[]{new Outcomes(), new LinkedHashMap<List<String>, Outcomes>()}, (acc, part) -> {
                    ((Outcomes) acc[0]).add(part.outcomes());
                    if (grouped) {
                        @SuppressWarnings("unchecked")
                        Map<List<String>, Outcomes> groups = (Map<List<String>, Outcomes>) acc[1];
                        groups.computeIfAbsent(groupKey(part, groupBy), k -> new Outcomes()).add(part.outcomes());
                    }
                })
                .map(acc -> {
                    @SuppressWarnings("unchecked")
                    Map<List<String>, Outcomes> groups = (Map<List<String>, Outcomes>) acc[1];
                    List<OperationsViews.Group> out = groups.entrySet().stream()
                            .sorted(Comparator.comparingLong((Map.Entry<List<String>, Outcomes> e) -> -e.getValue().outcomes().requests())
                                    .thenComparing(e -> String.join("\u0000", e.getKey().stream().map(k -> k == null ? "" : k).toList())))
                            .map(e -> new OperationsViews.Group(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                                    OperationalMetricsView.of(e.getValue(), plan.length())))
                            .toList();
                    return new OperationsViews.Summary(plan.start(), plan.end(), selector.agentId(),
                            selector.agentVersion(), selector.intentCategory(),
                            OperationalMetricsView.of((Outcomes) acc[0], plan.length()), grouped ? out : null);
                });
    }

    private static List<String> groupKey(OperationalMetrics.Part part, List<String> groupBy) {
        return java.util.Arrays.asList(groupBy.contains("agent_id") ? part.agentId() : null,
                groupBy.contains("agent_version") ? part.agentVersion() : null,
                groupBy.contains("intent_category") ? part.intentCategory() : null);
    }

    /** The resolution to use when none is asked for: minutes for a period they still cover, of a day at most. */
    public Resolution defaultResolution(Instant from, Instant to) {
        return !from.isBefore(oldestMinute()) && Duration.between(from, to).compareTo(Duration.ofDays(1)) <= 0
                ? Resolution.MINUTE : Resolution.HOUR;
    }

    public Mono<OperationsViews.Series> series(OperationalMetrics.Selector selector, Instant from, Instant to,
                                               Resolution resolution, List<Metric> wanted) {
        ChronoUnit unit = resolution == Resolution.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
        Instant start = from.truncatedTo(unit);
        Instant end = ceil(to, unit);
        String collection = resolution == Resolution.MINUTE ? OperationsProjection.MINUTES : OperationsProjection.HOURS;
        return metrics.bySlice(collection, selector, start, end, resolution.step, wanted.contains(Metric.ACTIVE_USERS))
                .map(slices -> new OperationsViews.Series(start, end, resolution.wireName(), selector.agentId(),
                        selector.agentVersion(), selector.intentCategory(),
                        wanted.stream().map(metric -> new OperationsViews.MetricSeries(metric.wireName(),
                                metric.unit().symbol(), points(slices, metric, start, end, resolution.step))).toList()));
    }

    private static List<OperationsViews.Point> points(NavigableMap<Instant, Outcomes> slices, Metric metric,
                                                      Instant start, Instant end, Duration step) {
        List<OperationsViews.Point> points = new ArrayList<>();
        Outcomes none = new Outcomes();
        for (Instant t = start; t.isBefore(end); t = t.plus(step)) {
            Outcomes slice = Objects.requireNonNullElse(slices.get(t), none);
            points.add(new OperationsViews.Point(t, OperationalMetricsView.value(slice, metric, step),
                    slice.outcomes().requests()));
        }
        return points;
    }

    public Mono<OperationsViews.Errors> errors(OperationalMetrics.Selector selector, Instant from, Instant to) {
        Plan plan = plan(from, to);
        return parts(plan, selector, false, false)
                .reduce(new Outcomes(), (sum, part) -> sum.add(part.outcomes()))
                .map(sum -> {
                    long errors = sum.outcomes().get(dev.feedbackloop.kernel.metrics.InteractionOutcomes.Counter.ERRORS);
                    List<OperationsViews.ErrorType> types = sum.outcomes().errorTypes().entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                            .map(e -> new OperationsViews.ErrorType(e.getKey(), e.getValue(),
                                    errors == 0 ? 0 : (double) e.getValue() / errors))
                            .toList();
                    return new OperationsViews.Errors(plan.start(), plan.end(), selector.agentId(),
                            selector.agentVersion(), selector.intentCategory(), sum.outcomes().requests(), errors,
                            sum.outcomes().value(Metric.ERROR_RATE, plan.length()), types);
                });
    }
}
