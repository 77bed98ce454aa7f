package dev.feedbackloop.feedback.interaction;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.Erasure;
import org.springframework.beans.factory.annotation.Autowired;
import dev.feedbackloop.kernel.interaction.FindTraceInteraction;
import dev.feedbackloop.kernel.interaction.InteractionAmended;
import dev.feedbackloop.kernel.interaction.InteractionRecorded;
import dev.feedbackloop.kernel.interaction.InteractionSpansHeld;
import dev.feedbackloop.kernel.interaction.InteractionView;
import dev.feedbackloop.kernel.interaction.ModelPrice;
import dev.feedbackloop.kernel.interaction.Usage;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.StoredKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The interaction of each trace, one document per trace id, read back beside the trace's feedback and assessments.
 * The record and its amendments set the usage totals they carry, so applying one twice changes nothing; held spans
 * are added up, as counted writes. The events of a trace arrive in order (the group is sequenced by aggregate).
 */
@Component
@ProcessingGroup(InteractionProjection.PROCESSING_GROUP)
public class InteractionProjection {

    public static final String PROCESSING_GROUP = "feedback-interactions";
    public static final String COLLECTION = "interactions";

    private final ReadModelWriter writer;

    private DataSubjects subjects;

    public InteractionProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    /** Optional so that projection tests need no secrets key; the platform always has one. */
    @Autowired(required = false)
    void dataSubjects(DataSubjects subjects) {
        this.subjects = subjects;
    }

    /** Clears the user and session of the subject's interactions recorded before the erasure. */
    @EventHandler
    void on(PersonalDataErased event) {
        writer.updateMany(COLLECTION, Erasure.before(event, "recorded_at"), Updates.combine(Updates.set("user_id", null),
                Updates.set("session_id", null), Updates.unset(Erasure.SUBJECT_FIELD)));
    }

    /** Held spans add up until the root arrives; the record then sets the totals of all of them. */
    @EventHandler
    void on(InteractionSpansHeld event, TrackingToken token, @MessageIdentifier String eventId) {
        writer.accumulateCounted(COLLECTION, event.traceId().value(), token, eventId, () -> new long[6], sums -> {
            sums[0] += event.spans().stream().mapToLong(s -> s.inputTokens()).sum();
            sums[1] += event.spans().stream().mapToLong(s -> s.outputTokens()).sum();
            sums[2] += event.spanCosts().values().stream().mapToLong(Long::longValue).sum();
            sums[3] += event.spans().stream().mapToLong(s -> s.guardrailTriggers()).sum();
            sums[4] += event.spans().size();
            sums[5] = Math.max(sums[5], event.heldAt().toEpochMilli());
        }, sums -> Updates.combine(Updates.setOnInsert("status", "pending"), Updates.inc("input_tokens", sums[0]),
                Updates.inc("output_tokens", sums[1]), Updates.inc("cost_micros", sums[2]),
                Updates.inc("guardrail_triggers", sums[3]), Updates.inc("spans", sums[4]),
                Updates.max("updated_at", new Date(sums[5]))));
    }

    @EventHandler
    void on(InteractionRecorded e) {
        Document doc = new Document("status", "recorded")
                .append("agent_id", e.agentId()).append("agent_version", e.agentVersion())
                .append("intent_category", e.intentCategory()).append("user_id", e.userId())
                .append("session_id", e.sessionId()).append("root_span_id", e.rootSpanId())
                .append("root_span_name", e.rootSpanName()).append("started_at", Date.from(e.startedAt()))
                .append("ended_at", Date.from(e.endedAt())).append("latency_ms", e.latencyMs())
                .append("error", e.error()).append("error_type", e.errorType()).append("model", e.model())
                .append("spans", e.spanCount()).append("prices", prices(e.prices(), new Document()))
                .append("recorded_at", Date.from(e.recordedAt())).append("updated_at", Date.from(e.recordedAt()));
        usage(doc, e.usage());
        if (subjects != null && e.userId() != null) {
            doc.append(Erasure.SUBJECT_FIELD, subjects.of(e.userId()));
        }
        writer.put(COLLECTION, e.traceId().value(), doc);
    }

    @EventHandler
    void on(InteractionAmended e) {
        Document set = new Document("spans", e.spanCount()).append("updated_at", Date.from(e.amendedAt()));
        usage(set, e.usage());
        e.prices().forEach((model, price) -> set.append("prices." + StoredKeys.encode(model), price(price)));
        writer.update(COLLECTION, Filters.eq("_id", e.traceId().value()), new Document("$set", set), false);
    }

    private static void usage(Document doc, Usage usage) {
        doc.append("input_tokens", usage.inputTokens()).append("output_tokens", usage.outputTokens())
                .append("cost_micros", usage.costMicros()).append("guardrail_triggers", usage.guardrailTriggers());
    }

    private static Document prices(Map<String, ModelPrice> prices, Document into) {
        prices.forEach((model, price) -> into.append(StoredKeys.encode(model), price(price)));
        return into;
    }

    private static Document price(ModelPrice price) {
        return new Document("input_per_million", price.inputPerMillion()).append("output_per_million", price.outputPerMillion());
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<InteractionView> handle(FindTraceInteraction query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.traceId().value())).first())
                .map(InteractionProjection::toView)
                .toFuture();
    }

    static InteractionView toView(Document d) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        Document stored = d.get("prices", Document.class);
        if (stored != null) {
            stored.forEach((model, price) -> {
                Document p = (Document) price;
                prices.put(StoredKeys.decode(model), new ModelPrice(p.getDouble("input_per_million"),
                        p.getDouble("output_per_million")));
            });
        }
        return new InteractionView(d.getString("_id"), d.getString("status"), d.getString("agent_id"),
                d.getString("agent_version"), d.getString("intent_category"), d.getString("user_id"),
                d.getString("session_id"), d.getString("root_span_id"), d.getString("root_span_name"),
                instant(d, "started_at"), instant(d, "ended_at"), number(d, "latency_ms"), d.getBoolean("error"),
                d.getString("error_type"), d.getString("model"), number(d, "input_tokens", 0),
                number(d, "output_tokens", 0), number(d, "cost_micros", 0) / 1e6, number(d, "guardrail_triggers", 0),
                (int) number(d, "spans", 0), prices, instant(d, "recorded_at"), instant(d, "updated_at"));
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static Long number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : null;
    }

    private static long number(Document d, String field, long otherwise) {
        Long n = number(d, field);
        return n == null ? otherwise : n;
    }
}
