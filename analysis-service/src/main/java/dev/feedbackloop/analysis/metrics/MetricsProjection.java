package dev.feedbackloop.analysis.metrics;

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
import org.bson.conversions.Bson;
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
 *     <li>{@value #HOURLY}: the metric counters per agent, version, intent and hour;</li>
 *     <li>{@value #FEATURES}: per agent and hour, a histogram of every drift feature;</li>
 *     <li>{@value #USERS}: when each user was first seen;</li>
 *     <li>{@value #WATERMARKS}: per agent, the latest event time folded in, which tells the monitors up to when an
 *     agent's hours are complete.</li>
 * </ul>
 * Counters are not idempotent, so each slice remembers which events it holds (see
 * {@link ReadModelWriter#accumulateCounted}) and the group is sequenced by agent.
 */
@Component
@ProcessingGroup(MetricsProjection.PROCESSING_GROUP)
public class MetricsProjection {

    public static final String PROCESSING_GROUP = "analysis-metrics";
    public static final String HOURLY = "metrics_hourly";
    public static final String FEATURES = "features_hourly";
    public static final String USERS = "analysis_users";
    public static final String WATERMARKS = "agent_watermarks";
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

    public static String hourlyId(String agent, String version, String intent, Instant hour) {
        return agent + "|" + (version == null ? "" : version) + "|" + (intent == null ? "" : intent) + "|"
                + hour.getEpochSecond();
    }

    public static String featuresId(String agent, Instant hour) {
        return agent + "|" + hour.getEpochSecond();
    }

    @EventHandler
    void on(FeedbackSubmitted event, TrackingToken token, @MessageIdentifier String eventId) {
        String agent = agentOf(event);
        String version = event.metadata().agentVersion();
        String intent = event.metadata().intentCategory();
        Instant hour = event.timestamp().truncatedTo(ChronoUnit.HOURS);
        writer.accumulateCounted(HOURLY, hourlyId(agent, version, intent, hour), token, eventId, MetricCounts::new,
                counts -> counts.add(event),
                counts -> Updates.combine(slice(agent, hour), Updates.set("agent_version", version),
                        Updates.set("intent_category", intent), counts.toIncrement()));
        writer.accumulateCounted(FEATURES, featuresId(agent, hour), token, eventId, FeatureCounts::new,
                counts -> counts.add(event),
                counts -> Updates.combine(slice(agent, hour), counts.toIncrement()));
        if (event.userId() != null) {
            writer.accumulate(USERS, event.userId(), () -> new Instant[1],
                    first -> first[0] = first[0] == null || event.timestamp().isBefore(first[0]) ? event.timestamp() : first[0],
                    first -> Updates.min("first_seen", Date.from(first[0])));
        }
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

    private static Bson slice(String agent, Instant hour) {
        return Updates.combine(Updates.set("agent_id", agent), Updates.set("hour", Date.from(hour)));
    }

    /** Feature histogram increments of one agent-hour within a batch. */
    static final class FeatureCounts {
        long feedback;
        final Map<String, Long> counts = new HashMap<>();

        void add(FeedbackSubmitted event) {
            feedback++;
            Observations.of(event).forEach((feature, keys) -> {
                String prefix = "f." + Observations.fieldSafe(feature) + ".";
                counts.merge(prefix + CARRYING, 1L, Long::sum);
                keys.forEach(key -> counts.merge(prefix + Observations.fieldSafe(key), 1L, Long::sum));
            });
        }

        Bson toIncrement() {
            List<Bson> inc = new ArrayList<>(counts.size() + 1);
            inc.add(Updates.inc("n", feedback));
            counts.forEach((field, n) -> inc.add(Updates.inc(field, n)));
            return Updates.combine(inc);
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(HOURLY, FEATURES, USERS, WATERMARKS);
    }
}
