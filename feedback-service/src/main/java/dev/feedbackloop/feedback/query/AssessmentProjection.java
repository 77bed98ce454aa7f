package dev.feedbackloop.feedback.query;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentError;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentKind;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.FindAssessment;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.AssessmentView;
import dev.feedbackloop.kernel.feedback.FindTraceAssessments;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.readmodel.SecondaryIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.feedback.query.Documents.date;
import static dev.feedbackloop.feedback.query.Documents.instant;

/**
 * Assessments by trace. Validity is derived when read (not deleted, and not overridden by an assessment that is
 * not deleted), so deleting an override restores the assessment it replaced without another write. Updates change
 * fields in place and move {@code last_update_time}.
 */
@Component
@ProcessingGroup(AssessmentProjection.PROCESSING_GROUP)
public class AssessmentProjection {

    public static final String PROCESSING_GROUP = "assessment-view";
    public static final String COLLECTION = "assessments";
    static final int MAX_PER_TRACE = 1_000;

    private final ReadModelWriter writer;
    private final SecondaryIndex byTrace;

    public AssessmentProjection(ReadModelWriter writer) {
        this.writer = writer;
        this.byTrace = new SecondaryIndex(writer, COLLECTION, "trace");
    }

    @EventHandler
    void on(AssessmentLogged e) {
        writer.put(COLLECTION, e.assessmentId().value(), new Document()
                .append("trace_id", e.traceId().value())
                .append("assessment_name", e.name())
                .append("value", Documents.toBson(e.value()))
                .append("source", new Document("source_type", e.source().sourceType().name())
                        .append("source_id", e.source().sourceId()))
                .append("rationale", e.rationale())
                .append("metadata", Documents.toBson(e.metadata()))
                .append("overrides", e.overrides() == null ? null : e.overrides().value())
                .append("create_time", date(e.loggedAt()))
                .append("last_update_time", date(e.loggedAt()))
                .append("kind", e.kindOrFeedback().name())
                .append("span_id", e.spanId())
                .append("error", error(e.error()))
                .append("serialization_format", e.serializationFormat())
                .append("deleted", false));
        byTrace.add(e.traceId().value(), e.assessmentId().value());
    }

    @EventHandler
    void on(AssessmentUpdated e) {
        List<Bson> sets = new ArrayList<>();
        for (AssessmentField field : e.fields()) {
            switch (field) {
                case NAME -> sets.add(Updates.set("assessment_name", e.name()));
                case VALUE -> {
                    sets.add(Updates.set("value", Documents.toBson(e.value())));
                    sets.add(Updates.set("serialization_format", e.serializationFormat()));
                }
                case ERROR -> sets.add(Updates.set("error", error(e.error())));
                case RATIONALE -> sets.add(Updates.set("rationale", e.rationale()));
                case METADATA -> sets.add(Updates.set("metadata",
                        Documents.toBson(e.metadata() == null ? Map.of() : e.metadata())));
            }
        }
        sets.add(Updates.set("last_update_time", date(e.updatedAt())));
        writer.update(COLLECTION, Filters.eq("_id", e.assessmentId().value()), Updates.combine(sets), false);
    }

    @EventHandler
    void on(AssessmentDeleted e) {
        writer.update(COLLECTION, Filters.eq("_id", e.assessmentId().value()),
                Updates.combine(Updates.set("deleted", true), Updates.set("delete_time", date(e.deletedAt()))), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION, byTrace.collectionName());
    }

    @QueryHandler
    public CompletableFuture<List<AssessmentView>> handle(FindTraceAssessments query) {
        return byTrace.find(query.traceId().value(), MAX_PER_TRACE)
                .collectSortedList(Comparator.comparing((Document d) -> d.getDate("create_time"))
                        .thenComparing(d -> d.getString("_id")))
                .map(AssessmentProjection::toViews)
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<Optional<AssessmentView>> handle(FindAssessment query) {
        return handle(new FindTraceAssessments(query.traceId()))
                .thenApply(views -> views.stream()
                        .filter(v -> v.assessmentId().equals(query.assessmentId().value())).findFirst());
    }

    private static Document error(AssessmentError error) {
        return error == null ? null : new Document("error_code", error.errorCode())
                .append("error_message", error.errorMessage()).append("stack_trace", error.stackTrace());
    }

    static List<AssessmentView> toViews(List<Document> documents) {
        Map<String, String> overriddenBy = new HashMap<>();
        for (Document d : documents) {
            if (!d.getBoolean("deleted", false) && d.getString("overrides") != null) {
                overriddenBy.put(d.getString("overrides"), d.getString("_id"));
            }
        }
        return documents.stream().map(d -> {
            boolean deleted = d.getBoolean("deleted", false);
            String by = overriddenBy.get(d.getString("_id"));
            Document source = d.get("source", Document.class);
            return new AssessmentView(d.getString("_id"), d.getString("trace_id"), d.getString("assessment_name"),
                    Documents.fromBson(d.get("value")),
                    new AssessmentSource(AssessmentSourceType.valueOf(source.getString("source_type")),
                            source.getString("source_id")),
                    d.getString("rationale"), Documents.map(d.get("metadata")), d.getString("overrides"), by,
                    !deleted && by == null, deleted, instant(d.get("create_time")), instant(d.get("delete_time")),
                    d.getString("kind") == null ? AssessmentKind.FEEDBACK : AssessmentKind.valueOf(d.getString("kind")),
                    d.getString("span_id"), errorOf(d.get("error", Document.class)), d.getString("serialization_format"),
                    d.get("last_update_time") == null ? instant(d.get("create_time")) : instant(d.get("last_update_time")));
        }).toList();
    }

    private static AssessmentError errorOf(Document d) {
        return d == null ? null
                : new AssessmentError(d.getString("error_code"), d.getString("error_message"), d.getString("stack_trace"));
    }
}
