package dev.feedbackloop.analysis.query;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.analysis.search.FieldRef;
import dev.feedbackloop.analysis.search.FilterException;
import dev.feedbackloop.analysis.search.FilterParser;
import dev.feedbackloop.analysis.search.MongoFilters;
import dev.feedbackloop.analysis.search.PageToken;
import dev.feedbackloop.analysis.search.SearchFilter;
import dev.feedbackloop.support.readmodel.StoredKeys;
import dev.feedbackloop.kernel.analysis.FeedbackMatch;
import dev.feedbackloop.kernel.analysis.FeedbackPage;
import dev.feedbackloop.kernel.analysis.SearchFeedback;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.Erasure;
import org.springframework.beans.factory.annotation.Autowired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.analysis.query.BsonValues.date;
import static dev.feedbackloop.analysis.query.BsonValues.instant;
import static dev.feedbackloop.analysis.query.BsonValues.putPresent;

/**
 * What feedback search reads: every feedback flattened into one document (so each field a filter names is a
 * top-level or metadata field), and per trace the current value of each assessment. Feedback documents are put
 * by id. A trace's assessment document is derived from all its assessments, so the first event of a batch for a
 * trace reads the stored document; a replayed batch re-applies the same events to it and writes the same result.
 */
@Component
@ProcessingGroup(FeedbackSearchProjection.PROCESSING_GROUP)
public class FeedbackSearchProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes feedbackSearchProjectionIndexes() {
        return ProjectionIndexes.of("feedback search",
                ReadModelIndex.of(FEEDBACK, "newest", Indexes.descending("timestamp", "_id")),
                ReadModelIndex.of(FEEDBACK, "agent_newest", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("timestamp", "_id"))),
                ReadModelIndex.of(FEEDBACK, "trace", Indexes.ascending("trace_id")),
                ReadModelIndex.of(FEEDBACK, "user_time", Indexes.ascending("user_id", "timestamp")));
    }

    public static final String PROCESSING_GROUP = "analysis-feedback-search";
    public static final String FEEDBACK = "analysis_feedback";
    public static final String ASSESSMENTS = "analysis_assessments";
    /** An assessment filter may select at most this many traces; their ids become one $in. */
    public static final int MAX_ASSESSED_TRACES = 10_000;
    static final Bson NEWEST_FIRST = Sorts.orderBy(Sorts.descending("timestamp"), Sorts.descending("_id"));
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The attribute names a feedback's metadata holds, so an erasure knows which metadata fields to clear. */
    static final String ATTRIBUTE_KEYS = "_attribute_keys";
    private static final java.util.Set<String> NAMED_METADATA = java.util.Set.of("agent_id", "agent_version",
            "intent_category", "tools_used", "input_features");

    private final ReadModelWriter writer;
    private DataSubjects subjects;
    private final QueryLimits limits;

    public FeedbackSearchProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    /** Search forgets feedback past {@code platform.privacy.read-model-retention}, as the feedback view does. */
    @org.springframework.context.annotation.Bean
    static dev.feedbackloop.support.privacy.RetainedCollection retainedSearch() {
        return new dev.feedbackloop.support.privacy.RetainedCollection(FEEDBACK, "timestamp");
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
            doc.append(ATTRIBUTE_KEYS, event.metadata().attributes().keySet().stream().map(StoredKeys::encode).toList());
        }
        writer.put(FEEDBACK, event.feedbackId().value(), doc);
    }

    /**
     * Clears what search holds of the subject from before the erasure, as a rebuild would read it: user and session,
     * comment, the correction's text and the metadata attributes (named in {@value #ATTRIBUTE_KEYS}).
     */
    @EventHandler
    void on(PersonalDataErased event) {
        Bson before = Erasure.before(event, "received_at");
        List<Document> found = Flux.from(writer.collection(FEEDBACK).find(before)
                        .projection(Projections.include(ATTRIBUTE_KEYS, "correction")))
                .collectList().block(READ_TIMEOUT);
        for (Document d : found == null ? List.<Document>of() : found) {
            List<Bson> updates = new ArrayList<>(List.of(Updates.unset("user_id"), Updates.unset("session_id"),
                    Updates.unset("comment"), Updates.unset(Erasure.SUBJECT_FIELD), Updates.unset(ATTRIBUTE_KEYS)));
            if (d.get("correction") != null) {
                updates.add(Updates.set("correction", ""));
            }
            for (String key : d.getList(ATTRIBUTE_KEYS, String.class, List.of())) {
                if (!NAMED_METADATA.contains(key)) {
                    updates.add(Updates.unset("metadata." + key));
                }
            }
            writer.update(FEEDBACK, Filters.eq("_id", d.get("_id")), Updates.combine(updates), false);
        }
    }

    @EventHandler
    void on(AssessmentLogged event) {
        String trace = event.traceId().value();
        writer.accumulate(ASSESSMENTS, trace, () -> load(trace), log -> log.apply(event), TraceAssessments::toUpdate);
    }

    @EventHandler
    void on(AssessmentUpdated event) {
        String trace = event.traceId().value();
        writer.accumulate(ASSESSMENTS, trace, () -> load(trace), log -> log.apply(event), TraceAssessments::toUpdate);
    }

    @EventHandler
    void on(AssessmentDeleted event) {
        String trace = event.traceId().value();
        writer.accumulate(ASSESSMENTS, trace, () -> load(trace), log -> log.apply(event), TraceAssessments::toUpdate);
    }

    @ResetHandler
    void reset() {
        writer.drop(FEEDBACK, ASSESSMENTS);
    }

    private TraceAssessments load(String traceId) {
        Document stored = Mono.from(writer.collection(ASSESSMENTS).find(Filters.eq("_id", traceId)).first())
                .block(READ_TIMEOUT);
        return TraceAssessments.from(stored);
    }

    static Document toDocument(FeedbackSubmitted e) {
        Document doc = new Document("feedback_id", e.feedbackId().value())
                .append("trace_id", e.traceId().value());
        putPresent(doc, "session_id", e.sessionId());
        putPresent(doc, "user_id", e.userId());
        doc.append("timestamp", date(e.timestamp()));
        putPresent(doc, "received_at", date(e.receivedAt()));
        FeedbackMetadata m = e.metadata() == null ? FeedbackMetadata.EMPTY : e.metadata();
        putPresent(doc, "agent_id", m.agentId());
        putPresent(doc, "agent_version", m.agentVersion());
        putPresent(doc, "intent_category", m.intentCategory());
        ExplicitFeedback x = e.explicitFeedback();
        if (x != null) {
            putPresent(doc, "rating", x.rating());
            putPresent(doc, "thumbs", x.thumbs() == null ? null : x.thumbs().wireName());
            putPresent(doc, "comment", x.comment());
            putPresent(doc, "correction", x.correction());
        }
        ImplicitSignals s = e.implicitSignals();
        if (s != null) {
            putPresent(doc, "task_completed", s.taskCompleted());
            putPresent(doc, "follow_up_required", s.followUpRequired());
            putPresent(doc, "time_to_completion_ms", s.timeToCompletionMs());
            putPresent(doc, "retry_count", s.retryCount());
            putPresent(doc, "escalated_to_human", s.escalatedToHuman());
        }
        doc.append("negative", e.isNegativeSignal());
        // Attributes first: a named field wins should an attribute ever carry its name.
        Document metadata = (Document) BsonValues.toBson(m.attributes());
        putPresent(metadata, "agent_id", m.agentId());
        putPresent(metadata, "agent_version", m.agentVersion());
        putPresent(metadata, "intent_category", m.intentCategory());
        if (!m.toolsUsed().isEmpty()) {
            metadata.put("tools_used", m.toolsUsed());
        }
        if (!m.inputFeatures().isEmpty()) {
            metadata.put("input_features", BsonValues.toBson(m.inputFeatures()));
        }
        return doc.append("metadata", metadata);
    }

    @QueryHandler
    public CompletableFuture<FeedbackPage> handle(SearchFeedback query) {
        SearchFilter filter = FilterParser.parse(query.filter());
        PageToken after = query.pageToken() == null ? null : PageToken.decode(query.pageToken(), query.filter());
        QueryDeadline reads = limits.start();
        return conditions(filter, reads)
                .map(conditions -> {
                    if (after != null) {
                        conditions.add(MongoFilters.after(after));
                    }
                    return MongoFilters.all(conditions);
                })
                .flatMap(condition -> Flux.from(reads.collection(FEEDBACK).find(condition)
                        .sort(NEWEST_FIRST).limit(query.pageSize() + 1)).collectList())
                .flatMap(found -> page(found, query, reads))
                .toFuture();
    }

    /** The feedback conditions, with the traces the assessment conditions select resolved into a trace_id $in. */
    private Mono<List<Bson>> conditions(SearchFilter filter, QueryDeadline reads) {
        List<Bson> conditions = new ArrayList<>(MongoFilters.feedback(filter));
        Bson assessed = MongoFilters.assessments(filter);
        if (assessed == null) {
            return Mono.just(conditions);
        }
        return Flux.from(reads.collection(ASSESSMENTS).find(assessed).projection(Projections.include("_id"))
                        .limit(MAX_ASSESSED_TRACES + 1))
                .map(d -> d.getString("_id"))
                .collectList()
                .map(traces -> {
                    if (traces.size() > MAX_ASSESSED_TRACES) {
                        FieldRef first = filter.on(FieldRef.Source.ASSESSMENT).get(0).field();
                        throw new FilterException("max_traces", "the assessment conditions (the first at position "
                                + first.position() + ") select more than " + MAX_ASSESSED_TRACES
                                + " traces; narrow them down", first.position());
                    }
                    conditions.add(Filters.in("trace_id", traces));
                    return conditions;
                });
    }

    private Mono<FeedbackPage> page(List<Document> found, SearchFeedback query, QueryDeadline reads) {
        List<Document> page = found.subList(0, Math.min(found.size(), query.pageSize()));
        String next = null;
        if (found.size() > query.pageSize()) {
            Document last = page.get(page.size() - 1);
            next = PageToken.after(instant(last.get("timestamp")), last.getString("_id"), query.filter()).encode();
        }
        String nextPageToken = next;
        Set<String> traces = new LinkedHashSet<>();
        page.forEach(d -> traces.add(d.getString("trace_id")));
        Mono<Map<String, Map<String, Object>>> assessments = traces.isEmpty() ? Mono.just(Map.of())
                : Flux.from(reads.collection(ASSESSMENTS).find(Filters.in("_id", traces))
                        .projection(Projections.include(MongoFilters.ASSESSMENT_VALUES)))
                .collectMap(d -> d.getString("_id"), d -> BsonValues.map(d.get(MongoFilters.ASSESSMENT_VALUES)));
        return assessments.map(byTrace -> new FeedbackPage(page.stream()
                .map(d -> toMatch(d, byTrace.getOrDefault(d.getString("trace_id"), Map.of())))
                .toList(), nextPageToken));
    }

    static FeedbackMatch toMatch(Document d, Map<String, Object> assessments) {
        return new FeedbackMatch(d.getString("_id"), d.getString("trace_id"), d.getString("session_id"),
                d.getString("user_id"), instant(d.get("timestamp")), instant(d.get("received_at")),
                d.getString("agent_id"), d.getString("agent_version"), d.getString("intent_category"),
                d.get("rating") instanceof Number n ? n.intValue() : null,
                d.getString("thumbs") == null ? null : Thumbs.fromWireName(d.getString("thumbs")),
                d.getString("comment"), d.getString("correction"), d.getBoolean("task_completed"),
                d.getBoolean("follow_up_required"),
                d.get("time_to_completion_ms") instanceof Number n ? n.longValue() : null,
                d.get("retry_count") instanceof Number n ? n.intValue() : null,
                d.getBoolean("escalated_to_human"), d.getBoolean("negative", false),
                BsonValues.map(d.get("metadata")), assessments);
    }

    /**
     * Every assessment of one trace and, derived from them, the value of each name: that of the latest assessment
     * of that name that is neither deleted nor overridden by an assessment that is not deleted (the validity rule
     * of the feedback service's assessment view). Applying an event twice changes nothing.
     */
    static final class TraceAssessments {

        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private record Entry(String assessmentId, String name, Object value, Instant loggedAt, String overrides,
                             boolean deleted) {

            Document toDocument() {
                Document d = new Document("assessment_id", assessmentId).append("name", name);
                putPresent(d, "value", value);
                d.append("logged_at", date(loggedAt));
                putPresent(d, "overrides", overrides);
                return d.append("deleted", deleted);
            }

            static Entry from(Document d) {
                return new Entry(d.getString("assessment_id"), d.getString("name"), d.get("value"),
                        instant(d.get("logged_at")), d.getString("overrides"), d.getBoolean("deleted", false));
            }
        }

        static TraceAssessments from(Document stored) {
            TraceAssessments log = new TraceAssessments();
            if (stored != null) {
                stored.getList("assessments", Document.class, List.of())
                        .forEach(d -> log.entries.put(d.getString("assessment_id"), Entry.from(d)));
            }
            return log;
        }

        void apply(AssessmentLogged e) {
            // Stored dates keep milliseconds; so does the order used here, before and after a reload.
            entries.put(e.assessmentId().value(), new Entry(e.assessmentId().value(), e.name(),
                    BsonValues.toBson(e.value()), e.loggedAt().truncatedTo(ChronoUnit.MILLIS),
                    e.overrides() == null ? null : e.overrides().value(), false));
        }

        /** A name or value changed in place; the assessment keeps its place in time. */
        void apply(AssessmentUpdated e) {
            entries.computeIfPresent(e.assessmentId().value(), (id, entry) -> new Entry(id,
                    e.fields().contains(AssessmentField.NAME) ? e.name() : entry.name(),
                    e.fields().contains(AssessmentField.VALUE) ? BsonValues.toBson(e.value()) : entry.value(),
                    entry.loggedAt(), entry.overrides(), entry.deleted()));
        }

        void apply(AssessmentDeleted e) {
            entries.computeIfPresent(e.assessmentId().value(), (id, entry) -> new Entry(id, entry.name(),
                    entry.value(), entry.loggedAt(), entry.overrides(), true));
        }

        Document values() {
            Set<String> overridden = new HashSet<>();
            entries.values().stream().filter(e -> !e.deleted() && e.overrides() != null)
                    .forEach(e -> overridden.add(e.overrides()));
            Map<String, Entry> latest = new HashMap<>();
            sorted().stream().filter(e -> !e.deleted() && !overridden.contains(e.assessmentId()))
                    .forEach(e -> latest.put(e.name(), e));
            Document values = new Document();
            latest.values().stream().sorted(Comparator.comparing(Entry::name))
                    .forEach(e -> putPresent(values, StoredKeys.encode(e.name()), e.value()));
            return values;
        }

        Bson toUpdate() {
            return Updates.combine(
                    Updates.set("assessments", sorted().stream().map(Entry::toDocument).toList()),
                    Updates.set(MongoFilters.ASSESSMENT_VALUES, values()));
        }

        private List<Entry> sorted() {
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparing(Entry::loggedAt).thenComparing(Entry::assessmentId));
            return sorted;
        }
    }
}
