package dev.feedbackloop.analysis.metrics;

import dev.feedbackloop.support.readmodel.StoredKeys;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.drift.Observations;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds feedback into hourly slices in event time, so that late or back-filled feedback lands in its own hour:
 * <ul>
 *     <li>{@value #HOURLY}: per agent and hour, the metric counters of each series (agent version and intent);</li>
 *     <li>{@value #DAILY}: the same per UTC day, so a long period reads a slice per day, not per hour;</li>
 *     <li>{@value #MINUTELY}: per agent and hour, the counters of each series per minute of the hour (without
 *     completion times), for the rules the monitor evaluates each minute: one document per hour keeps a back-fill's
 *     writes to those of the hourly slices; the monitor deletes those it no longer needs (see
 *     {@value #MINUTES_PRUNED});</li>
 *     <li>{@value #FEATURES}: per agent and hour, a histogram of every drift feature;</li>
 *     <li>{@value #WATERMARKS}: per agent, the latest event time folded in, which tells the monitors up to when an
 *     agent's hours are complete.</li>
 * </ul>
 * Counters are not idempotent, so each slice remembers which events it holds (see
 * {@link ReadModelWriter#accumulateCounted}) and the group is sequenced by agent. Every slice's id is
 * {@code agent|epoch second of its hour (or day)}, so readers fetch exactly the slices of a period by id, which
 * stays fast however many slices there are (the embedded store only indexes ids).
 */
@Component
@ProcessingGroup(MetricsProjection.PROCESSING_GROUP)
public class MetricsProjection {

    public static final String PROCESSING_GROUP = "analysis-metrics";
    public static final String HOURLY = "metrics_hourly";
    public static final String DAILY = "metrics_daily";
    public static final String FEATURES = "features_hourly";
    public static final String WATERMARKS = "agent_watermarks";
    public static final String MINUTELY = "metrics_minutely";
    /**
     * Per agent, up to when the monitor deleted its minute slices. Dropped with the slices on a reset, so the minute
     * slices a replay writes again are deleted again.
     */
    public static final String MINUTES_PRUNED = "metrics_minutely_pruned";
    public static final String UNKNOWN_AGENT = "unknown";
    static final String CARRYING = "~n";

    private final ReadModelWriter writer;
    private final Clock clock;

    public MetricsProjection(ReadModelWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /** All feedback of one agent reaches one segment, in order: its slices are written by one writer. */
    @Bean
    static ConfigurerModule metricsSequencedByAgent() {
        SequencingPolicy<EventMessage<?>> byAgent = event -> event.getPayload() instanceof FeedbackSubmitted f
                ? agentOf(f) : event.getIdentifier();
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PROCESSING_GROUP, c -> byAgent);
    }

    public static String agentOf(FeedbackSubmitted event) {
        return event.metadata().agentId() == null ? UNKNOWN_AGENT : event.metadata().agentId();
    }

    /** The id of an agent's slice of the hour (or day) starting at {@code start}, in every slice collection. */
    public static String sliceId(String agent, Instant start) {
        return agent + "|" + start.getEpochSecond();
    }

    /** A series (agent version and intent) within a slice, as a field name. */
    static String seriesKey(String version, String intent) {
        return StoredKeys.encode(version == null ? "" : version) + "|" + StoredKeys.encode(intent == null ? "" : intent);
    }

    /**
     * A stored metrics slice as one document per series, each with agent_id, hour, agent_version, intent_category
     * and the counters that {@link MetricCounts#add(Document)} reads.
     */
    public static List<Document> series(Document slice) {
        List<Document> out = new ArrayList<>();
        Document all = slice.get("s", Document.class);
        if (all != null) {
            all.forEach((key, value) -> {
                Document series = new Document((Document) value);
                series.put("agent_id", slice.get("agent_id"));
                series.put("hour", slice.get("hour"));
                out.add(series);
            });
        }
        return out;
    }

    @EventHandler
    void on(FeedbackSubmitted event, TrackingToken token, @MessageIdentifier String eventId) {
        String agent = agentOf(event);
        String version = event.metadata().agentVersion();
        String intent = event.metadata().intentCategory();
        Instant hour = event.timestamp().truncatedTo(ChronoUnit.HOURS);
        // slices are written whole: an update naming every counter of every series is slow on the embedded server
        writer.accumulateCountedInto(HOURLY, sliceId(agent, hour), token, eventId, SeriesCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, hour));
        writer.accumulateCountedInto(MINUTELY, sliceId(agent, hour), token, eventId, MinuteCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, hour));
        Instant day = event.timestamp().truncatedTo(ChronoUnit.DAYS);
        writer.accumulateCountedInto(DAILY, sliceId(agent, day), token, eventId, SeriesCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, day));
        writer.accumulateCountedInto(FEATURES, sliceId(agent, hour), token, eventId, FeatureCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, hour));
        Instant appliedAt = clock.instant();
        writer.accumulateCounted(WATERMARKS, agent, token, eventId, () -> new Instant[2],
                span -> {
                    span[0] = span[0] == null || event.timestamp().isBefore(span[0]) ? event.timestamp() : span[0];
                    span[1] = span[1] == null || event.timestamp().isAfter(span[1]) ? event.timestamp() : span[1];
                },
                span -> Updates.combine(Updates.min("first_event_time", Date.from(span[0])),
                        Updates.max("max_event_time", Date.from(span[1])),
                        Updates.max("last_applied_at", Date.from(appliedAt))));
    }

    /** Metric counter increments per series of one agent-hour (or day) within a batch. */
    public static final class SeriesCounts {
        final Map<String, Object[]> series = new HashMap<>();

        public void add(FeedbackSubmitted event) {
            String version = event.metadata().agentVersion();
            String intent = event.metadata().intentCategory();
            ((MetricCounts) series.computeIfAbsent(seriesKey(version, intent),
                    k -> new Object[]{version, intent, new MetricCounts()})[2]).add(event);
        }

        /** The stored slice (null for a new one) with these counters added. */
        public Document mergeInto(Document stored, String agent, Instant start) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("hour", Date.from(start));
            Document all = slice.get("s") instanceof Document d ? d : new Document();
            series.forEach((key, s) -> {
                Document one = all.get(key) instanceof Document d ? d : new Document();
                one.put("agent_version", s[0]);
                one.put("intent_category", s[1]);
                ((MetricCounts) s[2]).addTo(one);
                all.put(key, one);
            });
            slice.put("s", all);
            return slice;
        }
    }

    /**
     * A stored minute slice (one agent-hour) as one document per series and minute, each with agent_id, hour (the
     * minute's start), agent_version, intent_category and the counters {@link MetricCounts#add(Document)} reads.
     */
    public static List<Document> minuteSeries(Document slice) {
        List<Document> out = new ArrayList<>();
        Instant hour = slice.getDate("hour").toInstant();
        Document all = slice.get("s", Document.class);
        if (all != null) {
            all.forEach((key, value) -> {
                Document series = (Document) value;
                Document minutes = series.get("m", Document.class);
                if (minutes != null) {
                    minutes.forEach((minute, counters) -> {
                        Document one = new Document((Document) counters);
                        one.put("agent_id", slice.get("agent_id"));
                        one.put("hour", Date.from(hour.plusSeconds(60L * Integer.parseInt(minute))));
                        one.put("agent_version", series.get("agent_version"));
                        one.put("intent_category", series.get("intent_category"));
                        out.add(one);
                    });
                }
            });
        }
        return out;
    }

    /** Metric counter increments per series and minute of one agent-hour within a batch. */
    public static final class MinuteCounts {
        final Map<String, Object[]> series = new HashMap<>();

        public void add(FeedbackSubmitted event) {
            String version = event.metadata().agentVersion();
            String intent = event.metadata().intentCategory();
            @SuppressWarnings("unchecked")
            Map<Integer, MetricCounts> minutes = (Map<Integer, MetricCounts>) series.computeIfAbsent(
                    seriesKey(version, intent), k -> new Object[]{version, intent, new HashMap<Integer, MetricCounts>()})[2];
            minutes.computeIfAbsent(event.timestamp().atZone(java.time.ZoneOffset.UTC).getMinute(),
                    m -> new MetricCounts()).add(event);
        }

        /** The stored slice (null for a new one) with these counters added. */
        @SuppressWarnings("unchecked")
        public Document mergeInto(Document stored, String agent, Instant hour) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("hour", Date.from(hour));
            Document all = slice.get("s") instanceof Document d ? d : new Document();
            series.forEach((key, s) -> {
                Document one = all.get(key) instanceof Document d ? d : new Document();
                one.put("agent_version", s[0]);
                one.put("intent_category", s[1]);
                Document minutes = one.get("m") instanceof Document d ? d : new Document();
                ((Map<Integer, MetricCounts>) s[2]).forEach((minute, counts) -> {
                    String field = Integer.toString(minute);
                    Document counters = minutes.get(field) instanceof Document d ? d : new Document();
                    counts.addCountersTo(counters);
                    minutes.put(field, counters);
                });
                one.put("m", minutes);
                all.put(key, one);
            });
            slice.put("s", all);
            return slice;
        }
    }

    /** Feature histogram increments of one agent-hour within a batch. */
    static final class FeatureCounts {
        long feedback;
        final Map<String, Long> counts = new HashMap<>();

        void add(FeedbackSubmitted event) {
            feedback++;
            Observations.of(event).forEach((feature, keys) -> {
                String prefix = "f." + StoredKeys.encode(feature) + ".";
                counts.merge(prefix + CARRYING, 1L, Long::sum);
                keys.forEach(key -> counts.merge(prefix + StoredKeys.encode(key), 1L, Long::sum));
            });
        }

        /** The stored slice (null for a new one) with these counts added. */
        Document mergeInto(Document stored, String agent, Instant hour) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("hour", Date.from(hour));
            slice.put("n", (slice.get("n") instanceof Number n ? n.longValue() : 0) + feedback);
            Document features = slice.get("f") instanceof Document d ? d : new Document();
            counts.forEach((path, n) -> {
                String[] parts = path.split("\\.", 3);   // "f", feature, key: both field-safe, without dots
                Document feature = features.get(parts[1]) instanceof Document d ? d : new Document();
                feature.put(parts[2], (feature.get(parts[2]) instanceof Number c ? c.longValue() : 0) + n);
                features.put(parts[1], feature);
            });
            slice.put("f", features);
            return slice;
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(HOURLY, DAILY, FEATURES, WATERMARKS, MINUTELY, MINUTES_PRUNED);
    }
}
