package dev.feedbackloop.analysis.metrics;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.feedbackloop.analysis.limits.CollectionSource;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.kernel.analysis.DailyMetrics;
import dev.feedbackloop.kernel.analysis.FindDailyMetrics;
import dev.feedbackloop.kernel.analysis.FindIntentPerformance;
import dev.feedbackloop.kernel.analysis.FindSegments;
import dev.feedbackloop.kernel.analysis.FeedbackSummary;
import dev.feedbackloop.kernel.analysis.IntentPerformance;
import dev.feedbackloop.kernel.analysis.MetricSnapshot;
import dev.feedbackloop.kernel.analysis.SegmentMetrics;
import dev.feedbackloop.kernel.analysis.SegmentReport;
import dev.feedbackloop.kernel.analysis.SummarizeFeedback;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the metric queries from the hourly slices of {@link MetricsProjection}: a summary of any period reads one
 * slice per agent, version, intent and hour in it, however much feedback they hold. Segments need per-feedback
 * facts (who, which metadata) and scan the search index of the feedback instead, up to a bound.
 */
@Component
public class MetricsQueries {

    /** The search index of feedback, scanned for segments. */
    static final String FEEDBACK = dev.feedbackloop.analysis.query.FeedbackSearchProjection.FEEDBACK;
    static final int MAX_SEGMENT_SCAN = 200_000;
    static final List<String> GROUP_KEYS = List.of("agent_id", "agent_version", "intent_category");

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    /** How many agents' slices an all-agents query reads at once. */
    static final int AGENT_READS = 4;

    private final QueryLimits limits;
    private final Slices slices;

    public MetricsQueries(QueryLimits limits, Slices slices) {
        this.limits = limits;
        this.slices = slices;
    }

    /**
     * The series slices that exactly cover [start, end) (hour-aligned), optionally narrowed to an agent, version or
     * intent: daily slices for the whole UTC days in it, hourly ones for the hours around them. Every slice has an
     * {@code hour} field, the start of the period it counts.
     */
    Flux<Document> slices(CollectionSource from, Instant start, Instant end, String agentId, String agentVersion,
                          String intentCategory) {
        Instant firstDay = start.truncatedTo(ChronoUnit.DAYS).equals(start) ? start
                : start.truncatedTo(ChronoUnit.DAYS).plus(DAY);
        Instant lastDay = end.truncatedTo(ChronoUnit.DAYS);
        // the agents' reads overlap (their order kept): with many agents, round trips one after another were most
        // of an all-agents query's time
        return slices.agents(from, agentId).flatMapSequential(agent -> !firstDay.isBefore(lastDay)
                        ? slices.series(from, MetricsProjection.HOURLY, agent, start, end, HOUR)
                        : Flux.mergeSequential(slices.series(from, MetricsProjection.HOURLY, agent, start, firstDay, HOUR),
                        slices.series(from, MetricsProjection.DAILY, agent, firstDay, lastDay, DAY),
                        slices.series(from, MetricsProjection.HOURLY, agent, lastDay, end, HOUR)), AGENT_READS)
                .filter(d -> agentVersion == null || agentVersion.equals(d.getString("agent_version")))
                .filter(d -> intentCategory == null || intentCategory.equals(d.getString("intent_category")));
    }

    /** Hourly slices only: for days that are not UTC days. */
    Flux<Document> hourlySlices(CollectionSource from, Instant start, Instant end, String agentId) {
        return slices.agents(from, agentId)
                .flatMapSequential(agent -> slices.series(from, MetricsProjection.HOURLY, agent, start, end, HOUR),
                        AGENT_READS);
    }

    @QueryHandler
    public CompletableFuture<FeedbackSummary> handle(SummarizeFeedback q) {
        return slices(limits.start(), q.start(), q.end(), q.agentId(), q.agentVersion(), q.intentCategory())
                .reduce(new MetricCounts(), MetricCounts::add)
                .map(counts -> new FeedbackSummary(q.start(), q.end(), snapshot(counts)))
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<DailyMetrics>> handle(FindDailyMetrics q) {
        Instant start = q.from().atStartOfDay(q.zone()).toInstant();
        Instant end = q.to().plusDays(1).atStartOfDay(q.zone()).toInstant();
        QueryDeadline reads = limits.start();
        Flux<Document> daySlices = q.zone().getRules().getOffset(start).getTotalSeconds() == 0
                && q.zone().getRules().getOffset(end).getTotalSeconds() == 0 && q.zone().getRules().isFixedOffset()
                ? slices(reads, start, end, q.agentId(), null, null) : hourlySlices(reads, start, end, q.agentId());
        return daySlices
                .collect(() -> new TreeMap<String, Map.Entry<DailyKey, MetricCounts>>(), (days, slice) -> {
                    LocalDate day = ZonedDateTime.ofInstant(slice.getDate("hour").toInstant(), q.zone()).toLocalDate();
                    Map<String, String> group = new LinkedHashMap<>();
                    q.groupBy().forEach(key -> group.put(key, slice.getString(key)));
                    DailyKey key = new DailyKey(day, group);
                    days.computeIfAbsent(key.sortKey(), k -> Map.entry(key, new MetricCounts())).getValue().add(slice);
                })
                .map(days -> days.values().stream()
                        .map(e -> new DailyMetrics(e.getKey().day(), e.getKey().group(), snapshot(e.getValue())))
                        .toList())
                .toFuture();
    }

    private record DailyKey(LocalDate day, Map<String, String> group) {
        String sortKey() {
            return day + "\u0000" + String.join("\u0000", group.values().stream().map(v -> v == null ? "" : v).toList());
        }
    }

    @QueryHandler
    public CompletableFuture<List<IntentPerformance>> handle(FindIntentPerformance q) {
        Instant previousStart = q.start().minus(Duration.between(q.start(), q.end()));
        QueryDeadline reads = limits.start();
        Flux<Map.Entry<Integer, Document>> both = Flux.concat(
                slices(reads, q.start(), q.end(), q.agentId(), null, null).map(d -> Map.entry(0, d)),
                slices(reads, previousStart, q.start(), q.agentId(), null, null).map(d -> Map.entry(1, d)));
        return both
                .collect(() -> new TreeMap<String, MetricCounts[]>(), (intents, period) -> {
                    Document slice = period.getValue();
                    String intent = slice.getString("intent_category");
                    MetricCounts[] periods = intents.computeIfAbsent(intent == null ? "" : intent,
                            k -> new MetricCounts[]{new MetricCounts(), new MetricCounts()});
                    periods[period.getKey()].add(slice);
                })
                .map(intents -> intents.entrySet().stream()
                        .filter(e -> e.getValue()[0].feedback() > 0)
                        .sorted(Comparator.comparingLong((Map.Entry<String, MetricCounts[]> e) -> -e.getValue()[0].feedback())
                                .thenComparing(Map.Entry::getKey))
                        .map(e -> new IntentPerformance(e.getKey().isEmpty() ? null : e.getKey(),
                                snapshot(e.getValue()[0]), snapshot(e.getValue()[1])))
                        .toList())
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<SegmentReport> handle(FindSegments q) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.gte("timestamp", Date.from(q.start())),
                Filters.lt("timestamp", Date.from(q.end()))));
        if (q.agentId() != null) {
            filters.add(Filters.eq("agent_id", q.agentId()));
        }
        QueryDeadline reads = limits.start();
        return Flux.from(reads.collection(FEEDBACK).find(Filters.and(filters)).limit(MAX_SEGMENT_SCAN + 1).batchSize(ReadModelWriter.SCAN_BATCH))
                .collectList()
                .flatMap(feedback -> {
                    boolean truncated = feedback.size() > MAX_SEGMENT_SCAN;
                    List<Document> scanned = truncated ? feedback.subList(0, MAX_SEGMENT_SCAN) : feedback;
                    if (q.by().equals("user_tenure")) {
                        return returning(reads, scanned, q.start()).map(returning -> report(q, scanned, truncated,
                                d -> List.of(tenure(d.getString("user_id"), returning))));
                    }
                    String path = q.by();
                    return reactor.core.publisher.Mono.just(report(q, scanned, truncated, d -> segmentValues(d, path)));
                })
                .toFuture();
    }

    static String tenure(String userId, Set<String> returning) {
        if (userId == null) {
            return "anonymous";
        }
        return returning.contains(userId) ? "returning" : "new";
    }

    /** The users of the period who had feedback before it (returning users); the others are new. */
    private reactor.core.publisher.Mono<Set<String>> returning(QueryDeadline reads, List<Document> feedback,
                                                               Instant periodStart) {
        Set<String> users = new HashSet<>();
        feedback.forEach(d -> {
            if (d.getString("user_id") != null) {
                users.add(d.getString("user_id"));
            }
        });
        List<List<String>> chunks = new ArrayList<>();
        List<String> all = new ArrayList<>(users);
        for (int i = 0; i < all.size(); i += 1000) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        return Flux.fromIterable(chunks)
                .concatMap(chunk -> Flux.from(reads.collection(FEEDBACK)
                        .find(Filters.and(Filters.in("user_id", chunk), Filters.lt("timestamp", Date.from(periodStart))))
                        .projection(Projections.include("user_id")).batchSize(ReadModelWriter.SCAN_BATCH)))
                .map(d -> d.getString("user_id"))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The values of a dotted path in a feedback document; each element of an array is a segment of its own. */
    static List<String> segmentValues(Document feedback, String path) {
        Object value = feedback;
        for (String part : path.split("\\.")) {
            value = value instanceof Document d ? d.get(part) : null;
        }
        if (value == null) {
            return List.of("(missing)");
        }
        if (value instanceof Collection<?> many) {
            return many.isEmpty() ? List.of("(missing)") : many.stream().map(String::valueOf).distinct().toList();
        }
        return List.of(String.valueOf(value));
    }

    private static SegmentReport report(FindSegments q, List<Document> feedback, boolean truncated,
                                        java.util.function.Function<Document, List<String>> segmentsOf) {
        Map<String, MetricCounts> counts = new TreeMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        for (Document d : feedback) {
            for (String segment : segmentsOf.apply(d)) {
                counts.computeIfAbsent(segment, k -> new MetricCounts()).addIndexed(d);
                if (d.getString("user_id") != null) {
                    users.computeIfAbsent(segment, k -> new HashSet<>()).add(d.getString("user_id"));
                }
            }
        }
        List<SegmentMetrics> segments = counts.entrySet().stream()
                .map(e -> new SegmentMetrics(e.getKey(), users.getOrDefault(e.getKey(), Set.of()).size(), snapshot(e.getValue())))
                .toList();
        return new SegmentReport(q.by(), segments, feedback.size(), truncated);
    }

    public static MetricSnapshot snapshot(MetricCounts c) {
        CompletionTimes t = c.completionTimes();
        return new MetricSnapshot(c.feedback(), c.averageRating(), c.completionRate(), c.escalationRate(), c.retryRate(),
                c.followUpRate(), c.thumbsUpRate(), c.negativeSignals(), t.percentile(0.5), t.percentile(0.9),
                t.percentile(0.95), t.percentile(0.99));
    }
}
