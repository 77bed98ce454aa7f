package dev.feedbackloop.improvement.analyst;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads the cycle's read models ({@link FeedbackOutcomesProjection}, {@link FailureClustersProjection}). A window
 * [from, to) is read as the slices that overlap it, so bounds that are not whole hours widen to whole hours; whole UTC
 * days inside it are read from the daily slices, the rest from the hourly ones. Slices are fetched by id.
 */
@Component
public class CycleData {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final ReadModelWriter store;

    public CycleData(ReadModelWriter store) {
        this.store = store;
    }

    /** An agent's outcomes over a window: all of it, per version and per intent (feedback without one is only in all). */
    public record Outcomes(FeedbackOutcomes all, Map<String, FeedbackOutcomes> byVersion,
                           Map<String, FeedbackOutcomes> byIntent) {

        public FeedbackOutcomes version(String version) {
            return byVersion.getOrDefault(version, new FeedbackOutcomes());
        }

        public FeedbackOutcomes intent(String intent) {
            return byIntent.getOrDefault(intent, new FeedbackOutcomes());
        }
    }

    /** A version of an agent: its first and last feedback (event time) and how much feedback it had. */
    public record VersionSeen(String version, Instant firstSeen, Instant lastSeen, long feedback) {
    }

    /**
     * A failure cluster: samples maps each event time to {size, members in the 24 hours before it}.
     */
    public record Cluster(String clusterId, String label, Instant discoveredAt, String state, Instant endedAt,
                          Instant reopenedAt, NavigableMap<Instant, int[]> samples) {

        /** Whether the cluster was live at some time in [from, to). */
        public boolean activeDuring(Instant from, Instant to) {
            Instant born = discoveredAt != null ? discoveredAt : samples.isEmpty() ? null : samples.firstKey();
            if (born == null || !born.isBefore(to)) {
                return false;
            }
            boolean endedBeforeWindow = endedAt != null && endedAt.isBefore(from)
                    && (reopenedAt == null || reopenedAt.isBefore(endedAt) || !reopenedAt.isBefore(to));
            return !endedBeforeWindow;
        }

        /** Whether it is live at {@code at}: not ended by then, or reopened after it ended. */
        public boolean activeAt(Instant at) {
            Instant born = discoveredAt != null ? discoveredAt : samples.isEmpty() ? null : samples.firstKey();
            if (born == null || born.isAfter(at)) {
                return false;
            }
            return endedAt == null || endedAt.isAfter(at) || (reopenedAt != null && reopenedAt.isAfter(endedAt)
                    && !reopenedAt.isAfter(at));
        }

        /**
         * Estimated members in [from, to): for every UTC day overlapping it, the newest {@code last24h} sampled in that
         * day (a sample near a day's end counts about that day's members), summed. Runs sampled every few hours
         * overlap; one sample per day does not double count.
         */
        public long membersDuring(Instant from, Instant to) {
            Map<Instant, int[]> lastOfDay = new HashMap<>();
            samples.subMap(from, true, to, false).forEach((at, s) -> lastOfDay.put(at.truncatedTo(ChronoUnit.DAYS), s));
            return lastOfDay.values().stream().mapToLong(s -> s[1]).sum();
        }

        /** The newest sample at or before {@code at}, or null. */
        public int[] latestAt(Instant at) {
            Map.Entry<Instant, int[]> e = samples.floorEntry(at);
            return e == null ? null : e.getValue();
        }
    }

    /** A feature's drift: when last detected and last resolved, with the PSI detected. */
    public record Drift(String feature, double psi, Instant detectedAt, Instant resolvedAt) {

        /** Detected by {@code at} and not resolved after that detection (by {@code at}). */
        public boolean driftingAt(Instant at) {
            return detectedAt != null && detectedAt.isBefore(at)
                    && (resolvedAt == null || resolvedAt.isBefore(detectedAt) || !resolvedAt.isBefore(at));
        }
    }

    public Outcomes outcomes(String agent, Instant from, Instant to) {
        List<String> hours = new ArrayList<>();
        List<String> days = new ArrayList<>();
        Instant end = ceilHour(to);
        Instant t = from.truncatedTo(ChronoUnit.HOURS);
        while (t.isBefore(end)) {
            Instant nextDay = t.plus(1, ChronoUnit.DAYS);
            if (t.equals(t.truncatedTo(ChronoUnit.DAYS)) && !nextDay.isAfter(end)) {
                days.add(FeedbackOutcomesProjection.sliceId(agent, t));
                t = nextDay;
            } else {
                hours.add(FeedbackOutcomesProjection.sliceId(agent, t));
                t = t.plus(1, ChronoUnit.HOURS);
            }
        }
        FeedbackOutcomes all = new FeedbackOutcomes();
        Map<String, FeedbackOutcomes> versions = new HashMap<>();
        Map<String, FeedbackOutcomes> intents = new HashMap<>();
        List<Document> slices = new ArrayList<>(find(FeedbackOutcomesProjection.HOURLY, hours));
        slices.addAll(find(FeedbackOutcomesProjection.DAILY, days));
        for (Document slice : slices) {
            if (slice.get("all") instanceof Document d) {
                StoredOutcomes.addStored(all, d);
            }
            addSeries(slice, "v", "version", versions);
            addSeries(slice, "i", "intent", intents);
        }
        return new Outcomes(all, versions, intents);
    }

    private static void addSeries(Document slice, String field, String nameField, Map<String, FeedbackOutcomes> into) {
        if (slice.get(field) instanceof Document series) {
            series.values().forEach(value -> {
                if (value instanceof Document one && one.getString(nameField) != null) {
                    StoredOutcomes.addStored(into.computeIfAbsent(one.getString(nameField), k -> new FeedbackOutcomes()), one);
                }
            });
        }
    }

    private List<Document> find(String collection, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Flux.from(store.collection(collection).find(Filters.in("_id", ids)).batchSize(ReadModelWriter.SCAN_BATCH))
                .collectList().block(TIMEOUT);
    }

    private static Instant ceilHour(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
    }

    /** The agent's versions (feedback without a version left out), oldest first seen first. */
    public List<VersionSeen> versions(String agent) {
        return Flux.from(store.collection(FeedbackOutcomesProjection.VERSIONS).find(Filters.eq("agent_id", agent))
                        .batchSize(ReadModelWriter.SCAN_BATCH))
                .filter(d -> d.getString("version") != null)
                .map(d -> new VersionSeen(d.getString("version"), instant(d, "first_seen"), instant(d, "last_seen"),
                        d.get("n") instanceof Number n ? n.longValue() : 0))
                .collectList().blockOptional(TIMEOUT).orElse(List.of()).stream()
                .sorted(Comparator.comparing(VersionSeen::firstSeen).thenComparing(VersionSeen::version)).toList();
    }

    public List<Cluster> clusters(String agent) {
        return Flux.from(store.collection(FailureClustersProjection.CLUSTERS).find(Filters.eq("agent_id", agent))
                        .batchSize(ReadModelWriter.SCAN_BATCH))
                .map(CycleData::cluster).collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    private static Cluster cluster(Document d) {
        NavigableMap<Instant, int[]> samples = new TreeMap<>();
        if (d.get("samples") instanceof Document all) {
            all.forEach((epoch, value) -> {
                if (value instanceof Document s) {
                    samples.put(Instant.ofEpochSecond(Long.parseLong(epoch)), new int[]{
                            s.get("size") instanceof Number n ? n.intValue() : 0,
                            s.get("last24h") instanceof Number n ? n.intValue() : 0});
                }
            });
        }
        return new Cluster(d.getString("_id"), d.getString("label"), instant(d, "discovered_at"),
                d.getString("state"), instant(d, "ended_at"), instant(d, "reopened_at"), samples);
    }

    public List<Drift> drifts(String agent) {
        return Flux.from(store.collection(FailureClustersProjection.DRIFT).find(Filters.eq("agent_id", agent)))
                .map(d -> new Drift(d.getString("feature"), d.get("psi") instanceof Number n ? n.doubleValue() : 0,
                        instant(d, "detected_at"), instant(d, "resolved_at")))
                .collectList().blockOptional(TIMEOUT).orElse(List.of());
    }

    private static Instant instant(Document d, String field) {
        return d.get(field) instanceof Date date ? date.toInstant() : null;
    }
}
