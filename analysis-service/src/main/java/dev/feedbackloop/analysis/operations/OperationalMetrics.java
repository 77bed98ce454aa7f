package dev.feedbackloop.analysis.operations;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads the interactions of {@link OperationsProjection}, in event time. The contract for monitors is
 * {@link #minutes}: an agent's interactions (optionally one version and/or intent) minute by minute, each minute an
 * {@link Outcomes} from which {@link InteractionOutcomes#value} gives every interaction metric and whose users
 * give {@code active_users} over any run of minutes; and {@link #agents}, which says up to when each agent's
 * minutes hold what has arrived. Minutes are kept for {@code platform.operations.minute-retention} (2 days by
 * default); hours for good ({@link #hours}).
 */
@Component
public class OperationalMetrics {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration HOUR = Duration.ofHours(1);
    static final int IDS_PER_QUERY = 1000;
    /** How many agents' slices an all-agents query reads at once (their order kept). */
    static final int AGENT_READS = 4;

    private final ReadModelWriter readModels;

    public OperationalMetrics(ReadModelWriter readModels) {
        this.readModels = readModels;
    }

    /**
     * An agent with interactions, the first and latest event time (root span end) folded in for it, and the wall-clock
     * time of the latest fold (null for data folded before it was kept).
     */
    public record AgentProgress(String agentId, Instant firstEventTime, Instant latestEventTime, Instant lastAppliedAt) {
    }

    /** Which interactions: an agent (null for all), and within it a version and an intent (null for any). */
    public record Selector(String agentId, String agentVersion, String intentCategory) {
        boolean wholeAgents() {
            return agentVersion == null && intentCategory == null;
        }
    }

    /** One series' interactions in one slice. Without grouping, version and intent are those asked for. */
    public record Part(String agentId, String agentVersion, String intentCategory, Instant start, Outcomes outcomes) {
    }

    /**
     * The interactions of minutes {@code [from, to)} (both truncated to the minute), one entry per minute that had
     * any; minutes without interactions are absent.
     */
    public record MinuteOutcomes(Instant from, Instant to, NavigableMap<Instant, Outcomes> byMinute) {

        /** Everything in {@code [from, to)}. */
        public InteractionOutcomes total() {
            return between(from, to).outcomes();
        }

        /** The minutes starting in {@code [start, end)}, added up (users counted once). */
        public Outcomes between(Instant start, Instant end) {
            Outcomes sum = new Outcomes();
            if (start.isBefore(end)) {
                byMinute.subMap(start, true, end, false).values().forEach(sum::add);
            }
            return sum;
        }

        /** Distinct users with an interaction in the minutes starting in {@code [start, end)}. */
        public long activeUsers(Instant start, Instant end) {
            return between(start, end).users().count();
        }
    }

    public Flux<AgentProgress> agents() {
        return Flux.from(readModels.collection(OperationsProjection.AGENTS).find().batchSize(ReadModelWriter.SCAN_BATCH))
                .map(d -> new AgentProgress(d.getString("_id"), d.getDate("first_event_time").toInstant(),
                        d.getDate("latest_event_time").toInstant(),
                        d.getDate("last_applied_at") == null ? null : d.getDate("last_applied_at").toInstant()));
    }

    /** The contract for monitors: see the class description. */
    public Mono<MinuteOutcomes> minutes(String agentId, String agentVersion, String intentCategory, Instant from,
                                        Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Instant end = to.truncatedTo(ChronoUnit.MINUTES);
        return bySlice(OperationsProjection.MINUTES, new Selector(agentId, agentVersion, intentCategory), start, end, MINUTE, true)
                .map(slices -> new MinuteOutcomes(start, end, Collections.unmodifiableNavigableMap(slices)));
    }

    /** Distinct users with an interaction in the minutes of {@code [from, to)}. */
    public Mono<Long> activeUsers(String agentId, String agentVersion, String intentCategory, Instant from, Instant to) {
        return minutes(agentId, agentVersion, intentCategory, from, to).map(m -> m.activeUsers(m.from(), m.to()));
    }

    /** Like {@link #minutes}, by hour, for periods longer than minutes are kept. */
    public Mono<NavigableMap<Instant, Outcomes>> hours(Selector selector, Instant from, Instant to) {
        return bySlice(OperationsProjection.HOURS, selector, from.truncatedTo(ChronoUnit.HOURS), to, HOUR, true);
    }

    Mono<NavigableMap<Instant, Outcomes>> bySlice(String collection, Selector selector, Instant from, Instant to,
                                                   Duration step, boolean users) {
        return parts(collection, selector, from, to, step, false, users)
                .collect(TreeMap::new, (slices, part) -> slices.computeIfAbsent(part.start(), s -> new Outcomes())
                        .add(part.outcomes()));
    }

    /**
     * The stored parts of the slices starting in {@code [from, to)}: one per agent and slice when whole agents are
     * asked for and {@code bySeries} is false (the slices' totals, the smallest read), else one per matching series.
     * Without {@code users} the totals' users are not read (they are most of a slice's bytes).
     */
    Flux<Part> parts(String collection, Selector selector, Instant from, Instant to, Duration step, boolean bySeries,
                     boolean users) {
        boolean totals = selector.wholeAgents() && !bySeries;
        List<String> fields = !totals ? List.of("s") : users ? List.of("t") : List.of("t.c", "t.h", "t.e");
        String source = totals ? collection : OperationsProjection.seriesOf(collection);
        Flux<Document> slices;
        if (OperationsProjection.isMinutes(collection)) {
            // minutes are few (retention-bound): one range read beats naming 1,440 ids, which the embedded store
            // looks up one by one
            List<org.bson.conversions.Bson> filters = new ArrayList<>(List.of(Filters.gte("start", java.util.Date.from(from)),
                    Filters.lt("start", java.util.Date.from(to))));
            if (selector.agentId() != null) {
                filters.add(Filters.eq("agent_id", selector.agentId()));
            }
            slices = from.isBefore(to) ? Flux.from(readModels.collection(source).find(Filters.and(filters))
                    .projection(Projections.include(withKeys(fields))).batchSize(ReadModelWriter.SCAN_BATCH)) : Flux.empty();
        } else {
            Flux<String> agents = selector.agentId() != null ? Flux.just(selector.agentId())
                    : Flux.from(readModels.collection(OperationsProjection.AGENTS).find()
                    .projection(new Document("_id", 1)).batchSize(ReadModelWriter.SCAN_BATCH)).map(d -> d.getString("_id"));
            // the agents' reads overlap, their order kept: one after another they were most of an all-agents query
            slices = agents.flatMapSequential(agent -> fetch(source, ids(agent, from, to, step), fields), AGENT_READS);
        }
        return slices
                .flatMapIterable(slice -> {
                    String agent = slice.getString("agent_id");
                    Instant start = slice.getDate("start").toInstant();
                    if (totals) {
                        return List.of(new Part(agent, null, null, start, Outcomes.read(slice.get("t", Document.class))));
                    }
                    List<Part> out = new ArrayList<>();
                    Document series = slice.get("s", Document.class);
                    if (series != null) {
                        for (Object value : series.values()) {
                            Document s = (Document) value;
                            String version = s.getString("agent_version");
                            String intent = s.getString("intent_category");
                            if ((selector.agentVersion() == null || selector.agentVersion().equals(version))
                                    && (selector.intentCategory() == null || selector.intentCategory().equals(intent))) {
                                out.add(new Part(agent, version, intent, start, Outcomes.read(s)));
                            }
                        }
                    }
                    return out;
                });
    }

    static List<String> ids(String agent, Instant from, Instant to, Duration step) {
        List<String> ids = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            ids.add(OperationsProjection.sliceId(agent, t));
        }
        return ids;
    }

    private static List<String> withKeys(List<String> parts) {
        List<String> fields = new ArrayList<>(List.of("agent_id", "start"));
        fields.addAll(parts);
        return fields;
    }

    private Flux<Document> fetch(String collection, List<String> ids, List<String> parts) {
        List<String> fields = withKeys(parts);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY)));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> Flux.from(readModels.collection(collection)
                .find(Filters.in("_id", chunk)).projection(Projections.include(fields))
                .batchSize(ReadModelWriter.SCAN_BATCH)));
    }

    /** The slices of a map added up. */
    static Outcomes sum(Map<Instant, Outcomes> slices) {
        Outcomes sum = new Outcomes();
        slices.values().forEach(sum::add);
        return sum;
    }
}
