package dev.feedbackloop.analysis.operations;

import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.interaction.InteractionAmended;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.Usage;
import dev.feedbackloop.kernel.metrics.InteractionOutcomes;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds interactions into slices in event time (the minute and hour their root span ended), per agent:
 * <ul>
 *     <li>{@value #MINUTES}: per agent and minute, kept for {@code platform.operations.minute-retention};</li>
 *     <li>{@value #HOURS}: per agent and hour, kept for good;</li>
 *     <li>{@value #MINUTE_SERIES} and {@value #HOUR_SERIES}: the same slices per series;</li>
 *     <li>{@value #AGENTS}: per agent, the first and latest event time folded in, which tells readers up to when an
 *     agent's minutes are complete.</li>
 * </ul>
 * A slice holds the agent's total ({@code t}); its twin in the series collection each series, agent version and
 * intent ({@code s}); each an {@link Outcomes} document. They are apart because a query of whole agents reads only
 * the totals, and a day of minutes is 1,440 documents: the series would make each several times larger. Amendments (spans after the
 * root) add their usage to the slice the interaction is counted in. Counters are not idempotent: the slices are
 * counted writes ({@link ReadModelWriter#accumulateCountedInto}) and the group is sequenced by agent. A slice's id is
 * {@code agent|epoch second of its start}.
 */
@Component
@ProcessingGroup(OperationsProjection.PROCESSING_GROUP)
@EnableConfigurationProperties(OperationsSettings.class)
public class OperationsProjection {

    public static final String PROCESSING_GROUP = "analysis-operations";
    public static final String MINUTES = "operations_minutely";
    public static final String MINUTE_SERIES = "operations_minutely_series";
    public static final String HOURS = "operations_hourly";
    public static final String HOUR_SERIES = "operations_hourly_series";
    public static final String AGENTS = "operations_agents";
    public static final String UNKNOWN_AGENT = "unknown";

    private final ReadModelWriter writer;
    private final Clock clock;
    private final OperationsSettings settings;

    public OperationsProjection(ReadModelWriter writer, Clock clock, OperationsSettings settings) {
        this.writer = writer;
        this.clock = clock;
        this.settings = settings;
    }

    /** All interactions of one agent reach one segment, in order: its slices have one writer. */
    @Bean
    static ConfigurerModule operationsSequencedByAgent() {
        SequencingPolicy<EventMessage<?>> byAgent = event -> event.getPayload() instanceof InteractionRecorded r
                ? agent(r.agentId()) : event.getPayload() instanceof InteractionAmended a ? agent(a.agentId())
                : event.getIdentifier();
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PROCESSING_GROUP, c -> byAgent);
    }

    static boolean isMinutes(String collection) {
        return collection.equals(MINUTES) || collection.equals(MINUTE_SERIES);
    }

    /** The series collection beside a totals collection. */
    public static String seriesOf(String totals) {
        return totals.equals(MINUTES) ? MINUTE_SERIES : HOUR_SERIES;
    }

    static String agent(String agentId) {
        return agentId == null ? UNKNOWN_AGENT : agentId;
    }

    public static String sliceId(String agent, Instant start) {
        return agent + "|" + start.getEpochSecond();
    }

    static String seriesKey(String version, String intent) {
        return StoredKeys.encode(version == null ? "" : version) + "|" + StoredKeys.encode(intent == null ? "" : intent);
    }

    @EventHandler
    void on(InteractionRecorded e, TrackingToken token, @MessageIdentifier String eventId) {
        Usage u = e.usage();
        fold(agent(e.agentId()), e.agentVersion(), e.intentCategory(), e.endedAt(), token, eventId, outcomes -> {
            outcomes.outcomes().add(e.latencyMs(), e.error(), e.errorType(), u.inputTokens(), u.outputTokens(),
                    u.costMicros(), u.guardrailTriggers());
            outcomes.users().add(e.userId());
        });
    }

    @EventHandler
    void on(InteractionAmended e, TrackingToken token, @MessageIdentifier String eventId) {
        Usage change = e.change();
        if (change.isZero()) {
            return;
        }
        fold(agent(e.agentId()), e.agentVersion(), e.intentCategory(), e.endedAt(), token, eventId, outcomes -> outcomes.outcomes()
                .add(InteractionOutcomes.Counter.INPUT_TOKENS, change.inputTokens())
                .add(InteractionOutcomes.Counter.OUTPUT_TOKENS, change.outputTokens())
                .add(InteractionOutcomes.Counter.COST_MICROS, change.costMicros())
                .add(InteractionOutcomes.Counter.GUARDRAIL_TRIGGERS, change.guardrailTriggers()));
    }

    private void fold(String agent, String version, String intent, Instant at, TrackingToken token, String eventId,
                      Consumer<Outcomes> step) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        // a replay or a late trace does not rebuild minutes the pruner would delete again
        if (!minute.isBefore(clock.instant().minus(settings.minuteRetention()))) {
            slice(MINUTES, MINUTE_SERIES, agent, version, intent, minute, token, eventId, step);
        }
        slice(HOURS, HOUR_SERIES, agent, version, intent, at.truncatedTo(ChronoUnit.HOURS), token, eventId, step);
        Instant appliedAt = clock.instant();
        writer.accumulateCounted(AGENTS, agent, token, eventId, () -> new Instant[2], span -> {
                    span[0] = span[0] == null || at.isBefore(span[0]) ? at : span[0];
                    span[1] = span[1] == null || at.isAfter(span[1]) ? at : span[1];
                },
                // the wall-clock time of the latest fold tells a monitor when an idle agent's minutes are complete
                span -> Updates.combine(Updates.min("first_event_time", Date.from(span[0])),
                        Updates.max("latest_event_time", Date.from(span[1])),
                        Updates.max("last_applied_at", Date.from(appliedAt))));
    }

    private void slice(String totals, String series, String agent, String version, String intent, Instant start,
                       TrackingToken token, String eventId, Consumer<Outcomes> step) {
        writer.accumulateCountedInto(totals, sliceId(agent, start), token, eventId, SliceCounts::new,
                counts -> counts.add(version, intent, step), (counts, stored) -> counts.mergeTotalInto(stored, agent, start));
        writer.accumulateCountedInto(series, sliceId(agent, start), token, eventId, SliceCounts::new,
                counts -> counts.add(version, intent, step), (counts, stored) -> counts.mergeSeriesInto(stored, agent, start));
    }

    /** What a batch adds to one slice: per series, and the agent's total. */
    public static final class SliceCounts {
        final Map<String, Object[]> series = new LinkedHashMap<>();
        final Outcomes total = new Outcomes();

        public void add(String version, String intent, Consumer<Outcomes> step) {
            Outcomes one = new Outcomes();
            step.accept(one);
            ((Outcomes) series.computeIfAbsent(seriesKey(version, intent),
                    k -> new Object[]{version, intent, new Outcomes()})[2]).add(one);
            total.add(one);
        }

        public Document mergeTotalInto(Document stored, String agent, Instant start) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("start", Date.from(start));
            slice.put("t", Outcomes.read(slice.get("t", Document.class)).add(total).write(new Document()));
            return slice;
        }

        public Document mergeSeriesInto(Document stored, String agent, Instant start) {
            Document slice = stored == null ? new Document() : stored;
            slice.put("agent_id", agent);
            slice.put("start", Date.from(start));
            Document all = slice.get("s") instanceof Document d ? d : new Document();
            series.forEach((key, s) -> {
                Document one = all.get(key) instanceof Document d ? d : new Document();
                Document merged = Outcomes.read(one).add((Outcomes) s[2]).write(new Document());
                merged.put("agent_version", s[0]);
                merged.put("intent_category", s[1]);
                all.put(key, merged);
            });
            slice.put("s", all);
            return slice;
        }
    }

    @ResetHandler
    void reset() {
        writer.drop(MINUTES, MINUTE_SERIES, HOURS, HOUR_SERIES, AGENTS);
    }
}
