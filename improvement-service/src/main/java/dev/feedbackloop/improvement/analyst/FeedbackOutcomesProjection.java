package dev.feedbackloop.improvement.analyst;

import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.StoredKeys;
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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds feedback into the outcomes the improvement cycle compares, in event time (UTC):
 * <ul>
 *     <li>{@value #HOURLY} and {@value #DAILY}: one document per agent and hour (day), id {@code agent|epoch second
 *     of the slice's start}, with {@code agent_id}, {@code start}, {@code all} (the agent's counters), {@code v} (per
 *     agent version: {@code version} and its counters) and {@code i} (per intent: {@code intent} and its counters).
 *     The counters are the kernel's fold ({@link FeedbackOutcomes}) under the names {@link StoredOutcomes} gives
 *     them: {@code n}, {@code completed}/{@code completed_n}, {@code escalated}/{@code escalated_n},
 *     {@code retried}/{@code retried_n}, {@code retry_sum}, the rating histogram {@code r1}..{@code r5},
 *     {@code thumbs_up}, {@code thumbs_down}, {@code negative}. Hours make windows
 *     in any time zone exact to the hour; days make long windows cheap to read;</li>
 *     <li>{@value #VERSIONS}: per agent and version (id {@code agent|version}), {@code first_seen}, {@code last_seen}
 *     and {@code n}.</li>
 * </ul>
 * Counters are not idempotent, so every document remembers the events it holds ({@link
 * ReadModelWriter#accumulateCounted}): a redelivered event is never counted twice. For that the processing group is
 * sequenced by agent, which {@link FailureClustersProjection} (same group) shares.
 */
@Component
@ProcessingGroup(FeedbackOutcomesProjection.PROCESSING_GROUP)
public class FeedbackOutcomesProjection {

    public static final String PROCESSING_GROUP = "trigger-cycle-data";
    public static final String HOURLY = "cycle_outcomes_hourly";
    public static final String DAILY = "cycle_outcomes_daily";
    public static final String VERSIONS = "cycle_versions";
    public static final String UNKNOWN_AGENT = "unknown";
    /** The stored key of a missing version or intent (no encoded key contains a bare %). */
    static final String NONE = "%none";

    private final ReadModelWriter writer;

    public FeedbackOutcomesProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    /** Everything about one agent reaches one segment, in order. */
    @Bean
    static ConfigurerModule cycleDataSequencedByAgent() {
        SequencingPolicy<EventMessage<?>> byAgent = event -> {
            Object payload = event.getPayload();
            String agent = payload instanceof FeedbackSubmitted f ? agentOf(f)
                    : payload instanceof FailureClusterEvent c ? c.agentId()
                    : payload instanceof DriftDetected d ? d.agentId()
                    : payload instanceof DriftResolved r ? r.agentId() : null;
            return agent == null ? event.getIdentifier() : agent;
        };
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PROCESSING_GROUP, c -> byAgent);
    }

    public static String agentOf(FeedbackSubmitted event) {
        return event.metadata() == null || event.metadata().agentId() == null ? UNKNOWN_AGENT
                : event.metadata().agentId();
    }

    public static String sliceId(String agent, Instant start) {
        return agent + "|" + start.getEpochSecond();
    }

    public static String versionId(String agent, String version) {
        return agent + "|" + key(version);
    }

    static String key(String value) {
        return value == null ? NONE : StoredKeys.encode(value);
    }

    @EventHandler
    void on(FeedbackSubmitted event, TrackingToken token, @MessageIdentifier String eventId) {
        String agent = agentOf(event);
        Instant hour = event.timestamp().truncatedTo(ChronoUnit.HOURS);
        Instant day = event.timestamp().truncatedTo(ChronoUnit.DAYS);
        writer.accumulateCountedInto(HOURLY, sliceId(agent, hour), token, eventId, SliceCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, hour));
        writer.accumulateCountedInto(DAILY, sliceId(agent, day), token, eventId, SliceCounts::new,
                counts -> counts.add(event), (counts, stored) -> counts.mergeInto(stored, agent, day));
        String version = event.metadata() == null ? null : event.metadata().agentVersion();
        writer.accumulateCounted(VERSIONS, versionId(agent, version), token, eventId, VersionSpan::new,
                span -> span.add(event.timestamp()),
                span -> Updates.combine(Updates.set("agent_id", agent), Updates.set("version", version),
                        Updates.min("first_seen", Date.from(span.first)),
                        Updates.max("last_seen", Date.from(span.last)), Updates.inc("n", span.count)));
    }

    static final class VersionSpan {
        Instant first;
        Instant last;
        long count;

        void add(Instant at) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            count++;
        }
    }

    /** Counter increments of one agent-slice within a batch: the agent's, and per version and intent. */
    static final class SliceCounts {
        final FeedbackOutcomes all = new FeedbackOutcomes();
        final Map<String, Object[]> versions = new HashMap<>();
        final Map<String, Object[]> intents = new HashMap<>();

        void add(FeedbackSubmitted event) {
            all.add(event);
            String version = event.metadata() == null ? null : event.metadata().agentVersion();
            String intent = event.metadata() == null ? null : event.metadata().intentCategory();
            ((FeedbackOutcomes) versions.computeIfAbsent(key(version), k -> new Object[]{version, new FeedbackOutcomes()})[1])
                    .add(event);
            ((FeedbackOutcomes) intents.computeIfAbsent(key(intent), k -> new Object[]{intent, new FeedbackOutcomes()})[1])
                    .add(event);
        }

        Document mergeInto(Document stored, String agent, Instant start) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("start", Date.from(start));
            Document allStored = slice.get("all") instanceof Document d ? d : new Document();
            StoredOutcomes.addTo(allStored, all);
            slice.put("all", allStored);
            slice.put("v", merge(slice, "v", "version", versions));
            slice.put("i", merge(slice, "i", "intent", intents));
            return slice;
        }

        private static Document merge(Document slice, String field, String nameField, Map<String, Object[]> series) {
            Document all = slice.get(field) instanceof Document d ? d : new Document();
            series.forEach((key, s) -> {
                Document one = all.get(key) instanceof Document d ? d : new Document();
                one.put(nameField, s[0]);
                StoredOutcomes.addTo(one, (FeedbackOutcomes) s[1]);
                all.put(key, one);
            });
            return all;
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(HOURLY, DAILY, VERSIONS);
    }
}
