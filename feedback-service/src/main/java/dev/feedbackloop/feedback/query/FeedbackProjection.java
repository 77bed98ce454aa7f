package dev.feedbackloop.feedback.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.Erasure;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.FeedbackView;
import dev.feedbackloop.kernel.feedback.FindFeedback;
import dev.feedbackloop.kernel.feedback.FindTraceFeedback;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.SecondaryIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.feedback.query.Documents.date;
import static dev.feedbackloop.feedback.query.Documents.instant;

/**
 * Every stored feedback, one document per feedback_id (so applying an event twice changes nothing), with the
 * queries that read it back.
 */
@Component
@ProcessingGroup(FeedbackProjection.PROCESSING_GROUP)
public class FeedbackProjection {

    public static final String PROCESSING_GROUP = "feedback-view";
    public static final String COLLECTION = "feedback";
    static final int MAX_PER_TRACE = 1_000;

    private final ReadModelWriter writer;
    private final SecondaryIndex byTrace;
    private DataSubjects subjects;

    public FeedbackProjection(ReadModelWriter writer) {
        this.writer = writer;
        this.byTrace = new SecondaryIndex(writer, COLLECTION, "trace");
    }

    /** Optional so that projection tests need no secrets key; the platform always has one. */
    @Autowired(required = false)
    void dataSubjects(DataSubjects subjects) {
        this.subjects = subjects;
    }

    @EventHandler
    void on(FeedbackSubmitted event) {
        Document doc = toDocument(event);
        if (subjects != null && event.userId() != null) {
            doc.append(Erasure.SUBJECT_FIELD, subjects.of(event.userId()));
        }
        writer.put(COLLECTION, event.feedbackId().value(), doc);
        byTrace.add(event.traceId().value(), event.feedbackId().value());
    }

    /** Clears what this read model holds of the subject from before the erasure, as a rebuild would read it. */
    @EventHandler
    void on(PersonalDataErased event) {
        Bson before = Erasure.before(event, "received_at");
        writer.updateMany(COLLECTION, Filters.and(before, Filters.ne("explicit_feedback.correction", null)),
                Updates.set("explicit_feedback.correction", ""));
        writer.updateMany(COLLECTION, before, Updates.combine(Updates.set("user_id", null), Updates.set("session_id", null),
                Updates.set("explicit_feedback.comment", null), Updates.set("metadata.attributes", new Document()),
                Updates.unset(Erasure.SUBJECT_FIELD)));
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION, byTrace.collectionName());
    }

    @QueryHandler
    public CompletableFuture<FeedbackView> handle(FindFeedback query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.feedbackId().value())).first())
                .map(FeedbackProjection::toView)
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<FeedbackView>> handle(FindTraceFeedback query) {
        TraceId trace = query.traceId();
        return byTrace.find(trace.value(), MAX_PER_TRACE)
                .map(FeedbackProjection::toView)
                .collectSortedList(Comparator.comparing(FeedbackView::timestamp).thenComparing(FeedbackView::feedbackId))
                .toFuture();
    }

    static Document toDocument(FeedbackSubmitted e) {
        Document doc = new Document()
                .append("trace_id", e.traceId().value())
                .append("timestamp", date(e.timestamp()))
                .append("user_id", e.userId())
                .append("session_id", e.sessionId())
                .append("received_at", date(e.receivedAt()));
        ExplicitFeedback x = e.explicitFeedback();
        if (x != null) {
            doc.append("explicit_feedback", new Document()
                    .append("rating", x.rating())
                    .append("thumbs", x.thumbs() == null ? null : x.thumbs().wireName())
                    .append("comment", x.comment())
                    .append("correction", x.correction()));
        }
        ImplicitSignals s = e.implicitSignals();
        if (s != null) {
            doc.append("implicit_signals", new Document()
                    .append("task_completed", s.taskCompleted())
                    .append("follow_up_required", s.followUpRequired())
                    .append("time_to_completion_ms", s.timeToCompletionMs())
                    .append("retry_count", s.retryCount())
                    .append("escalated_to_human", s.escalatedToHuman()));
        }
        FeedbackMetadata m = e.metadata();
        doc.append("metadata", new Document()
                .append("agent_id", m.agentId())
                .append("agent_version", m.agentVersion())
                .append("intent_category", m.intentCategory())
                .append("tools_used", m.toolsUsed())
                .append("input_features", Documents.toBson(m.inputFeatures()))
                .append("attributes", Documents.toBson(m.attributes())));
        doc.append("negative_signal", e.isNegativeSignal());
        return doc;
    }

    static FeedbackView toView(Document d) {
        Document x = d.get("explicit_feedback", Document.class);
        Document s = d.get("implicit_signals", Document.class);
        Document m = d.get("metadata", Document.class);
        ExplicitFeedback explicit = x == null ? null : new ExplicitFeedback(x.getInteger("rating"),
                x.getString("thumbs") == null ? null : Thumbs.fromWireName(x.getString("thumbs")),
                x.getString("comment"), x.getString("correction"));
        ImplicitSignals implicit = s == null ? null : new ImplicitSignals(s.getBoolean("task_completed"),
                s.getBoolean("follow_up_required"), number(s.get("time_to_completion_ms")),
                s.getInteger("retry_count"), s.getBoolean("escalated_to_human"));
        FeedbackMetadata metadata = m == null ? FeedbackMetadata.EMPTY : new FeedbackMetadata(m.getString("agent_id"),
                m.getString("agent_version"), m.getString("intent_category"), m.getList("tools_used", String.class),
                Documents.map(m.get("input_features")), Documents.map(m.get("attributes")));
        return new FeedbackView(d.getString("_id"), d.getString("trace_id"), instant(d.get("timestamp")),
                d.getString("user_id"), d.getString("session_id"), explicit, implicit, metadata,
                instant(d.get("received_at")));
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

}
