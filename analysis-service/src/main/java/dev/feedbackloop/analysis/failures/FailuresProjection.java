package dev.feedbackloop.analysis.failures;

import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import dev.feedbackloop.kernel.analysis.FindSimilarFailures;
import dev.feedbackloop.kernel.analysis.SimilarFailure;
import dev.feedbackloop.kernel.analysis.SimilarFailures;
import org.axonframework.queryhandling.QueryHandler;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.feedbackloop.analysis.clustering.FailureText;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.kernel.feedback.PersonalDataErased;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.Erasure;
import dev.feedbackloop.support.readmodel.SecondaryIndex;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The failures the cluster tracker clusters, per agent and in event time:
 * <ul>
 *     <li>{@value #FAILURES}: feedback that failed by its own signals ({@code platform.clustering.failure-when}),
 *     by feedback id, with the text clustering reads (comment, correction, {@code metadata.failure_reason});</li>
 *     <li>{@value #CANDIDATES}: with {@code failing_assessment} on, the other feedback, which fails once an assessment
 *     of its trace does;</li>
 *     <li>{@value #FAILING_TRACES}: per trace, its assessments and whether a current one fails (the latest of each
 *     name neither deleted nor overridden, as in feedback search);</li>
 *     <li>{@value #WATERMARKS}: per agent, the latest feedback time and the number of failures, which tell the
 *     tracker when to run.</li>
 * </ul>
 * Both feedback collections are found by agent and day through a {@link SecondaryIndex} (a candidate's entry also
 * names its trace, {@code "<feedback id> <trace id>"}, so a run reads only the candidates whose trace fails); the
 * tracker prunes the days that left the window. Feedback puts documents by id and $addToSet index entries; the watermark's counter remembers
 * its last event, so the group is sequenced by agent (assessments by trace): a replayed batch changes nothing.
 */
@Component
@ProcessingGroup(FailuresProjection.PROCESSING_GROUP)
public class FailuresProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes failuresProjectionIndexes() {
        return ProjectionIndexes.of("failures",
                ReadModelIndex.of(FAILURES, "model_agent", Indexes.ascending(FailureEmbeddings.MODEL, "agent_id")),
                ReadModelIndex.of(FailureClusterTracker.SNAPSHOTS, "members", Indexes.ascending("member_ids")),
                ReadModelIndex.of(TEXT_EMBEDDINGS, "agent_time", Indexes.ascending("agent_id", "timestamp")));
    }

    public static final String PROCESSING_GROUP = "analysis-failures";
    public static final String FAILURES = "failures";
    public static final String CANDIDATES = "failure_candidates";
    public static final String FAILING_TRACES = "failing_traces";
    public static final String WATERMARKS = "failure_watermarks";
    /** Vectors of failure texts computed by the tracker (see {@link #storeEmbeddings}). */
    public static final String TEXT_EMBEDDINGS = "failure_text_embeddings";
    public static final String UNKNOWN_AGENT = "unknown";
    static final String FAILURE_REASON = "failure_reason";
    static final String EMBEDDING = "embedding";
    private static final int CHUNK = 1000;
    /** An agent's day of failures spread over this many index documents (35,000 a day: about 30 KB each). */
    static final int DAY_BUCKETS = 32;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final ReadModelWriter writer;
    private final Set<FailureSignal> signals;
    private final SecondaryIndex failuresByDay;
    private final SecondaryIndex candidatesByDay;
    private final FailureEmbeddings embeddings;

    /** Without embeddings: clustering falls back to TF-IDF. */
    private DataSubjects subjects;

    FailuresProjection(ReadModelWriter writer, FailureClusterSettings settings) {
        this(writer, settings, new FailureEmbeddings(new EmbeddingSettings("none", 1, 1, 16)));
    }

    @Autowired
    public FailuresProjection(ReadModelWriter writer, FailureClusterSettings settings, FailureEmbeddings embeddings) {
        this.writer = writer;
        this.embeddings = embeddings;
        this.signals = settings.signals();
        this.failuresByDay = SecondaryIndex.bucketed(writer, FAILURES, "agent_day", DAY_BUCKETS);
        this.candidatesByDay = SecondaryIndex.bucketed(writer, CANDIDATES, "agent_day", DAY_BUCKETS);
    }

    /** An agent's feedback reaches one segment, in order; a trace's assessments likewise. */
    @Bean
    static ConfigurerModule failuresSequencedByAgent() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        SequencingPolicy<EventMessage<?>> byAgent = event -> event.getPayload() instanceof FeedbackSubmitted f
                ? "agent|" + agentOf(f) : perAggregate.getSequenceIdentifierFor(event);
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(PROCESSING_GROUP, c -> byAgent);
    }

    /** Optional so that projection tests need no secrets key; the platform always has one. */
    @Autowired(required = false)
    void dataSubjects(DataSubjects subjects) {
        this.subjects = subjects;
    }

    private Document erasable(Document doc, FeedbackSubmitted event) {
        if (subjects != null && event.userId() != null) {
            doc.append(Erasure.SUBJECT_FIELD, subjects.of(event.userId())).append("received_at", Date.from(event.receivedAt()));
        }
        return doc;
    }

    /**
     * Clears the subject's failure texts from before the erasure, and their vectors (a function of the text): they
     * stay failures without text, as a rebuild reads them, so failure counts do not change.
     */
    @EventHandler
    void on(PersonalDataErased event) {
        Bson before = Erasure.before(event, "received_at");
        Bson cleared = Updates.combine(Updates.set("text", ""), Updates.unset(FailureEmbeddings.VECTOR),
                Updates.unset(FailureEmbeddings.MODEL), Updates.unset(EMBEDDING), Updates.unset(Erasure.SUBJECT_FIELD));
        List<Object> ids = Flux.concat(writer.collection(FAILURES).find(before).projection(Projections.include("_id")),
                        writer.collection(CANDIDATES).find(before).projection(Projections.include("_id")))
                .map(d -> d.get("_id")).collectList().block(READ_TIMEOUT);
        if (ids != null && !ids.isEmpty()) {
            writer.delete(TEXT_EMBEDDINGS, Filters.in("_id", ids));
        }
        writer.updateMany(FAILURES, before, cleared);
        writer.updateMany(CANDIDATES, before, cleared);
    }

    static String agentOf(FeedbackSubmitted event) {
        return event.metadata() == null || event.metadata().agentId() == null ? UNKNOWN_AGENT : event.metadata().agentId();
    }

    static String dayKey(String agent, Instant at) {
        return agent + "|" + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    @EventHandler
    void on(FeedbackSubmitted event, TrackingToken token, @MessageIdentifier String eventId) {
        String agent = agentOf(event);
        List<String> failedBy = signals.stream().filter(s -> s.shownBy(event)).map(FailureSignal::wireName).toList();
        String id = event.feedbackId().value();
        if (!failedBy.isEmpty()) {
            putEmbedded(id, erasable(toDocument(event, agent), event).append("failed_by", failedBy));
            failuresByDay.add(dayKey(agent, event.timestamp()), id);
        } else if (signals.contains(FailureSignal.FAILING_ASSESSMENT) && event.traceId() != null) {
            writer.put(CANDIDATES, id, erasable(toDocument(event, agent), event));
            candidatesByDay.add(dayKey(agent, event.timestamp()), id + " " + event.traceId().value());
        }
        boolean failed = !failedBy.isEmpty();
        writer.accumulateCounted(WATERMARKS, agent, token, eventId, Watermark::new, w -> w.add(event, failed), Watermark::toUpdate);
    }

    private static final String PENDING = FailuresProjection.class.getName() + ".embeddings";

    /**
     * Writes a failure with the vector of its text. The texts of a processing batch are embedded together when the
     * batch is written (spread over the model's threads, as many per model run as configured), never on the ingestion
     * path. Each vector is kept in {@value #TEXT_EMBEDDINGS} before the failure is written, and a reset keeps that
     * collection: a replay reads the vectors back instead of embedding again, so a rebuild gives the same bits
     * however its batches fall, and costs no model time. Candidates are embedded only once they fail (by the
     * tracker): most of them never do.
     */
    private void putEmbedded(String id, Document document) {
        if (!embeddings.enabled()) {
            writer.put(FAILURES, id, document);
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            embedAndPut(new LinkedHashMap<>(Map.of(id, document)));
            return;
        }
        Map<String, Document> pending = CurrentUnitOfWork.get().root()
                .getOrComputeResource(PENDING, key -> new LinkedHashMap<String, Document>());
        pending.put(id, document);
        writer.beforeWrite(PENDING, () -> embedAndPut(pending));
    }

    private void embedAndPut(Map<String, Document> pending) {
        List<Map.Entry<String, Document>> entries = new ArrayList<>(pending.entrySet());
        pending.clear();
        String model = embeddings.model().wireName();
        Map<String, float[]> vectors = storedEmbeddings(entries.stream().map(Map.Entry::getKey).toList(), model);
        List<Map.Entry<String, Document>> missing = entries.stream().filter(e -> !vectors.containsKey(e.getKey())).toList();
        if (!missing.isEmpty()) {
            List<float[]> computed = embeddings.embed(missing.stream().map(e -> e.getValue().getString("text")).toList());
            List<Kept> kept = new ArrayList<>(missing.size());
            for (int i = 0; i < missing.size(); i++) {
                Document document = missing.get(i).getValue();
                kept.add(new Kept(missing.get(i).getKey(), document.getString("agent_id"),
                        document.getDate("timestamp").toInstant(), computed.get(i)));
                vectors.put(missing.get(i).getKey(), computed.get(i));
            }
            storeEmbeddings(kept);
        }
        for (Map.Entry<String, Document> entry : entries) {
            writer.put(FAILURES, entry.getKey(), entry.getValue()
                    .append(FailureEmbeddings.VECTOR, FailureEmbeddings.toBinary(vectors.get(entry.getKey())))
                    .append(FailureEmbeddings.MODEL, model));
        }
    }

    /** A vector to keep: the failure's id, agent and event time (which prune it with the window), and the vector. */
    record Kept(String id, String agent, Instant at, float[] vector) {
    }

    /**
     * Keeps vectors of failure texts in {@value #TEXT_EMBEDDINGS}, by feedback id, so that each is computed once: the
     * projection's (see {@link #putEmbedded}) and the tracker's, for failures of the window that had none of the
     * current model (candidates whose trace failed, failures stored before the model was configured). The tracker's
     * are not written onto the failure documents: those stay exactly what the events make of them.
     */
    void storeEmbeddings(List<Kept> vectors) {
        List<WriteModel<Document>> writes = new ArrayList<>(vectors.size());
        for (Kept k : vectors) {
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", k.id()), new Document("_id", k.id()).append("agent_id", k.agent())
                    .append("timestamp", Date.from(k.at()))
                    .append(FailureEmbeddings.VECTOR, FailureEmbeddings.toBinary(k.vector()))
                    .append(FailureEmbeddings.MODEL, embeddings.model().wireName()), new ReplaceOptions().upsert(true)));
        }
        // one bulk write: a text's vector is kept before anything refers to it, so a lost or repeated write is harmless
        if (!writes.isEmpty()) {
            Mono.from(writer.collection(TEXT_EMBEDDINGS).bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                    .block(READ_TIMEOUT);
        }
    }

    /** The vectors of the given model kept for these failures in {@value #TEXT_EMBEDDINGS}, by feedback id. */
    Map<String, float[]> storedEmbeddings(List<String> ids, String model) {
        Map<String, float[]> found = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            Flux.from(writer.collection(TEXT_EMBEDDINGS).find(Filters.and(
                            Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + CHUNK))),
                            Filters.eq(FailureEmbeddings.MODEL, model))))
                    .doOnNext(d -> found.put(d.getString("_id"), FailureEmbeddings.fromBinary(d.get(FailureEmbeddings.VECTOR))))
                    .then().block(READ_TIMEOUT);
        }
        return found;
    }

    /**
     * The failures nearest in meaning: the query's vector (its text embedded, or the stored failure's own) against
     * every vector kept in {@value #TEXT_EMBEDDINGS} of the current model, a bounded heap of the best, each checked to
     * be a failure now; then each one's mode from the tracker's latest memberships. Kept vectors cover what the
     * failure documents do not hold: candidates whose trace fails (embedded by the tracker once they fail) and
     * failures stored before the model was switched on. Empty when the feedback id names no stored failure.
     */
    @QueryHandler
    public CompletableFuture<Optional<SimilarFailures>> handle(FindSimilarFailures query) {
        if (!embeddings.enabled()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no sentence-embedding model is configured"));
        }
        return CompletableFuture.supplyAsync(() -> similar(query));
    }

    private Optional<SimilarFailures> similar(FindSimilarFailures query) {
        String model = embeddings.model().wireName();
        String text = query.text();
        float[] vector = null;
        Set<String> passedOver = new HashSet<>();
        if (query.feedbackId() != null) {
            Document stored = null;
            for (String collection : List.of(FAILURES, CANDIDATES)) {
                stored = stored != null ? stored : Mono.from(writer.collection(collection)
                        .find(Filters.eq("_id", query.feedbackId())).first()).block(READ_TIMEOUT);
            }
            if (stored == null) {
                return Optional.empty();
            }
            text = stored.getString("text");
            vector = model.equals(stored.getString(FailureEmbeddings.MODEL))
                    ? FailureEmbeddings.fromBinary(stored.get(FailureEmbeddings.VECTOR))
                    : storedEmbeddings(List.of(query.feedbackId()), model).get(query.feedbackId());
            passedOver.add(query.feedbackId());
        }
        float[] target = vector != null ? vector : embeddings.embed(List.of(text == null ? "" : text)).get(0);
        Bson filter = Filters.eq(FailureEmbeddings.MODEL, model);
        if (query.agentId() != null) {
            filter = Filters.and(filter, Filters.eq("agent_id", query.agentId()));
        }
        // A kept vector can outlive its failure (a candidate whose trace passes again, feedback that a change of the
        // failure signals no longer counts, until the window prunes it): take more than asked, keep the failures
        // among them, and look further only when too few were. Every vector left out scores below those taken, so
        // the best failures among those taken are the best of all.
        List<Near> nearest = List.of();
        for (int extra = Math.max(16, query.limit()); ; extra *= 4) {
            int wanted = query.limit() + extra;
            List<Scored> best = nearestVectors(filter, target, wanted, passedOver);
            Map<String, Near> failing = currentFailures(best);
            nearest = best.stream().filter(b -> failing.containsKey(b.id())).limit(query.limit()).map(b -> failing.get(b.id())).toList();
            best.stream().map(Scored::id).filter(id -> !failing.containsKey(id)).forEach(passedOver::add);
            if (nearest.size() == query.limit() || best.size() < wanted) {
                break;
            }
        }
        Map<String, String[]> modes = modesOf(nearest.stream().map(Near::id).toList());
        return Optional.of(new SimilarFailures(model, text, nearest.stream().map(n -> {
            String[] mode = modes.get(n.id());
            return new SimilarFailure(n.id(), n.agentId(), n.at(), n.text(), Math.round(n.similarity() * 1e4) / 1e4,
                    mode == null ? null : mode[0], mode == null ? null : mode[1]);
        }).toList()));
    }

    /** A kept vector's feedback id and its similarity to the query, best first by similarity, then by id. */
    private record Scored(String id, double similarity) {
        static final Comparator<Scored> WORST_FIRST = Comparator.comparingDouble(Scored::similarity)
                .thenComparing(Scored::id, Comparator.reverseOrder());
    }

    private record Near(String id, String agentId, Instant at, String text, double similarity) {
    }

    /** The {@code wanted} kept vectors most similar to {@code target}, best first, leaving out {@code passedOver}. */
    private List<Scored> nearestVectors(Bson filter, float[] target, int wanted, Set<String> passedOver) {
        PriorityQueue<Scored> best = new PriorityQueue<>(Scored.WORST_FIRST);
        Flux.from(writer.collection(TEXT_EMBEDDINGS).find(filter).batchSize(ReadModelWriter.SCAN_BATCH)
                        .projection(Projections.include(FailureEmbeddings.VECTOR)))
                .doOnNext(d -> {
                    String id = d.getString("_id");
                    float[] other = FailureEmbeddings.fromBinary(d.get(FailureEmbeddings.VECTOR));
                    if (passedOver.contains(id) || other == null || other.length != target.length) {
                        return;
                    }
                    double dot = 0;
                    for (int j = 0; j < other.length; j++) {
                        dot += (double) other[j] * target[j];
                    }
                    Scored scored = new Scored(id, dot);
                    if (best.size() < wanted) {
                        best.add(scored);
                    } else if (Scored.WORST_FIRST.compare(scored, best.peek()) > 0) {
                        best.poll();
                        best.add(scored);
                    }
                })
                .then().block(READ_TIMEOUT);
        List<Scored> sorted = new ArrayList<>(best);
        sorted.sort(Scored.WORST_FIRST.reversed());
        return sorted;
    }

    /**
     * Of these scored ids, those that are failures now, as the clustering window reads them: stored failures, and
     * candidates whose trace has a failing assessment.
     */
    private Map<String, Near> currentFailures(List<Scored> scored) {
        Map<String, Double> similarity = new java.util.HashMap<>();
        scored.forEach(s -> similarity.put(s.id(), s.similarity()));
        Map<String, Near> failures = new java.util.HashMap<>();
        byIds(FAILURES, new ArrayList<>(similarity.keySet())).forEach(d -> failures.put(d.getString("_id"), near(d, similarity)));
        if (signals.contains(FailureSignal.FAILING_ASSESSMENT)) {
            List<Document> candidates = byIds(CANDIDATES, similarity.keySet().stream().filter(id -> !failures.containsKey(id)).toList());
            Set<String> failing = failingTraces(candidates.stream().map(d -> d.getString("trace_id")).toList());
            candidates.stream().filter(d -> failing.contains(d.getString("trace_id")))
                    .forEach(d -> failures.put(d.getString("_id"), near(d, similarity)));
        }
        return failures;
    }

    private static Near near(Document d, Map<String, Double> similarity) {
        return new Near(d.getString("_id"), d.getString("agent_id"), d.getDate("timestamp").toInstant(), d.getString("text"),
                similarity.get(d.getString("_id")));
    }

    /** Per failure id, the id and label of the cluster whose latest membership holds it (the latest run's, if several). */
    private Map<String, String[]> modesOf(List<String> ids) {
        Map<String, String[]> modes = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return modes;
        }
        Map<String, Date> seenAt = new java.util.HashMap<>();
        List<Document> snapshots = Flux.from(writer.collection(FailureClusterTracker.SNAPSHOTS)
                        .find(Filters.in("member_ids", ids)).projection(Projections.include("member_ids", "window_end")))
                .collectList().block(READ_TIMEOUT);
        Map<String, String> labels = new java.util.HashMap<>();
        Flux.from(writer.collection(FailureClusterProjection.CLUSTERS)
                        .find(Filters.in("_id", snapshots.stream().map(d -> d.getString("_id")).toList()))
                        .projection(Projections.include("label")))
                .doOnNext(d -> labels.put(d.getString("_id"), d.getString("label"))).then().block(READ_TIMEOUT);
        Set<String> wanted = new HashSet<>(ids);
        for (Document snapshot : snapshots) {
            Date end = snapshot.getDate("window_end");
            for (String member : snapshot.getList("member_ids", String.class, List.of())) {
                if (wanted.contains(member) && (seenAt.get(member) == null || end.after(seenAt.get(member)))) {
                    seenAt.put(member, end);
                    modes.put(member, new String[]{snapshot.getString("_id"), labels.get(snapshot.getString("_id"))});
                }
            }
        }
        return modes;
    }

    /** What one batch adds to an agent's watermark. */
    private static final class Watermark {
        Instant first;
        Instant last;
        long failures;

        void add(FeedbackSubmitted event, boolean failed) {
            first = first == null || event.timestamp().isBefore(first) ? event.timestamp() : first;
            last = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
            failures += failed ? 1 : 0;
        }

        Bson toUpdate() {
            return Updates.combine(Updates.min("first_event_time", Date.from(first)),
                    Updates.max("max_event_time", Date.from(last)), Updates.inc("failures", failures));
        }
    }

    static Document toDocument(FeedbackSubmitted e, String agent) {
        FeedbackMetadata m = e.metadata() == null ? FeedbackMetadata.EMPTY : e.metadata();
        ExplicitFeedback x = e.explicitFeedback();
        String text = FailureText.compose(x == null ? null : x.comment(), x == null ? null : x.correction(),
                reasons(m.attributes().get(FAILURE_REASON)));
        Document doc = new Document("agent_id", agent)
                .append("timestamp", Date.from(e.timestamp()))
                .append("trace_id", e.traceId() == null ? null : e.traceId().value())
                .append("text", text)
                .append("intent_category", m.intentCategory())
                .append("tools_used", m.toolsUsed())
                .append("agent_version", m.agentVersion());
        List<Double> embedding = embedding(m.attributes().get(EMBEDDING));
        if (embedding != null) {
            doc.append(EMBEDDING, embedding);
        }
        return doc;
    }

    private static List<String> reasons(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** An embedding is a non-empty list of finite numbers; anything else is ignored. */
    private static List<Double> embedding(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<Double> out = new ArrayList<>(list.size());
        for (Object x : list) {
            if (!(x instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return null;
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    @EventHandler
    void on(AssessmentLogged event) {
        String trace = event.traceId().value();
        writer.accumulate(FAILING_TRACES, trace, () -> TraceVerdicts.from(loadTrace(trace)), v -> v.apply(event),
                TraceVerdicts::toUpdate);
    }

    @EventHandler
    void on(AssessmentUpdated event) {
        String trace = event.traceId().value();
        writer.accumulate(FAILING_TRACES, trace, () -> TraceVerdicts.from(loadTrace(trace)), v -> v.apply(event),
                TraceVerdicts::toUpdate);
    }

    @EventHandler
    void on(AssessmentDeleted event) {
        String trace = event.traceId().value();
        writer.accumulate(FAILING_TRACES, trace, () -> TraceVerdicts.from(loadTrace(trace)), v -> v.apply(event),
                TraceVerdicts::toUpdate);
    }

    private Document loadTrace(String traceId) {
        return Mono.from(writer.collection(FAILING_TRACES).find(Filters.eq("_id", traceId)).first()).block(READ_TIMEOUT);
    }

    @ResetHandler
    void reset() {
        // not TEXT_EMBEDDINGS: the replay reads the kept vectors back (see putEmbedded)
        writer.drop(FAILURES, CANDIDATES, failuresByDay.collectionName(), candidatesByDay.collectionName(),
                FAILING_TRACES, WATERMARKS);
    }

    /** Every agent's watermark: {@code _id} (the agent), first and latest feedback time, failures counted. */
    List<Document> watermarks() {
        return Flux.from(writer.collection(WATERMARKS).find()).collectList().block(READ_TIMEOUT);
    }

    /**
     * An agent's failures with a time in {@code (from, to]}: the failures, and the candidates whose trace has a
     * failing assessment. When there are more than {@code max}, the latest.
     */
    List<StoredFailure> window(String agent, Instant from, Instant to, int max) {
        List<String> days = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC));
             day = day.plusDays(1)) {
            days.add(agent + "|" + day);
        }
        List<Document> found = new ArrayList<>(load(FAILURES, members(failuresByDay, days), from, to));
        if (signals.contains(FailureSignal.FAILING_ASSESSMENT)) {
            Map<String, String> traceOf = new LinkedHashMap<>();
            members(candidatesByDay, days).forEach(entry -> {
                int space = entry.indexOf(' ');
                traceOf.put(entry.substring(0, space), entry.substring(space + 1));
            });
            Set<String> failing = failingTraces(traceOf.values());
            List<String> ids = traceOf.entrySet().stream().filter(e -> failing.contains(e.getValue())).map(Map.Entry::getKey).toList();
            found.addAll(load(CANDIDATES, ids, from, to));
        }
        found.sort(Comparator.<Document, Date>comparing(d -> d.getDate("timestamp")).reversed()
                .thenComparing(d -> d.getString("_id")));
        return found.stream().limit(max).map(FailuresProjection::toStored).toList();
    }

    private List<String> members(SecondaryIndex byDay, List<String> days) {
        return byDay.members(days, writer::collection).collectList().block(READ_TIMEOUT);
    }

    private List<Document> load(String collection, List<String> ids, Instant from, Instant to) {
        Date after = Date.from(from);
        Date until = Date.from(to);
        return byIds(collection, ids).stream()
                .filter(d -> d.getDate("timestamp").after(after) && !d.getDate("timestamp").after(until)).toList();
    }

    /** The documents of these ids that the collection holds, read in chunks. */
    private List<Document> byIds(String collection, List<String> ids) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; ids != null && i < ids.size(); i += CHUNK) {
            out.addAll(Flux.from(writer.collection(collection)
                    .find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + CHUNK))))).collectList().block(READ_TIMEOUT));
        }
        return out;
    }

    private Set<String> failingTraces(java.util.Collection<String> traces) {
        Set<String> failing = new HashSet<>();
        List<String> distinct = traces.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += CHUNK) {
            Flux.from(writer.collection(FAILING_TRACES).find(Filters.and(
                            Filters.in("_id", distinct.subList(i, Math.min(distinct.size(), i + CHUNK))),
                            Filters.eq("failing", true))))
                    .doOnNext(d -> failing.add(d.getString("_id")))
                    .then().block(READ_TIMEOUT);
        }
        return failing;
    }

    private static StoredFailure toStored(Document d) {
        List<?> vector = d.getList(EMBEDDING, Object.class);
        float[] embedding = null;
        if (vector != null) {
            embedding = new float[vector.size()];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = ((Number) vector.get(i)).floatValue();
            }
        }
        return new StoredFailure(d.getString("_id"), d.getDate("timestamp").toInstant(), d.getString("trace_id"),
                d.getString("text"), d.getString("intent_category"), d.getList("tools_used", String.class, List.of()),
                d.getString("agent_version"), embedding, FailureEmbeddings.fromBinary(d.get(FailureEmbeddings.VECTOR)),
                d.getString(FailureEmbeddings.MODEL));
    }

    /**
     * Deletes an agent's feedback of the days before {@code before}'s day, looking back twice the window for days
     * that late feedback brought back.
     */
    void prune(String agent, Instant before, Duration window) {
        LocalDate firstKept = LocalDate.ofInstant(before, ZoneOffset.UTC);
        List<String> keys = new ArrayList<>();
        for (LocalDate day = firstKept.minusDays(2 * Math.max(1, window.toDays())); day.isBefore(firstKept); day = day.plusDays(1)) {
            keys.add(agent + "|" + day);
        }
        for (Map.Entry<String, SecondaryIndex> e : Map.of(FAILURES, failuresByDay, CANDIDATES, candidatesByDay).entrySet()) {
            String index = e.getValue().collectionName();
            List<String> ids = members(e.getValue(), keys).stream()
                    .map(entry -> entry.indexOf(' ') < 0 ? entry : entry.substring(0, entry.indexOf(' '))).toList();
            for (int i = 0; ids != null && i < ids.size(); i += CHUNK) {
                writer.delete(e.getKey(), Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + CHUNK))));
                writer.delete(TEXT_EMBEDDINGS, Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + CHUNK))));
            }
            writer.delete(index, Filters.in("_id", e.getValue().storedKeys(keys)));
        }
        // also the kept vectors of feedback that is no longer a failure (the failure signals were changed)
        writer.delete(TEXT_EMBEDDINGS, Filters.and(Filters.eq("agent_id", agent),
                Filters.lt("timestamp", Date.from(firstKept.atStartOfDay(ZoneOffset.UTC).toInstant()))));
    }

    /**
     * A trace's assessments and, derived from them, whether a current one fails. Rebuilt from the stored document and
     * written whole, so a trace's events must come in order (they do: sequenced by the trace's aggregate).
     */
    static final class TraceVerdicts {

        private record Entry(String id, String name, boolean failing, Instant loggedAt, String overrides, boolean deleted) {

            Document toDocument() {
                return new Document("assessment_id", id).append("name", name).append("failing", failing)
                        .append("logged_at", Date.from(loggedAt)).append("overrides", overrides).append("deleted", deleted);
            }
        }

        private final Map<String, Entry> entries = new LinkedHashMap<>();

        static TraceVerdicts from(Document stored) {
            TraceVerdicts verdicts = new TraceVerdicts();
            if (stored != null) {
                stored.getList("assessments", Document.class, List.of()).forEach(d -> verdicts.entries.put(
                        d.getString("assessment_id"), new Entry(d.getString("assessment_id"), d.getString("name"),
                                d.getBoolean("failing", false), d.getDate("logged_at").toInstant(),
                                d.getString("overrides"), d.getBoolean("deleted", false))));
            }
            return verdicts;
        }

        void apply(AssessmentLogged e) {
            entries.put(e.assessmentId().value(), new Entry(e.assessmentId().value(), e.name(),
                    FailureSignal.isFailingValue(e.value()), e.loggedAt().truncatedTo(ChronoUnit.MILLIS),
                    e.overrides() == null ? null : e.overrides().value(), false));
        }

        /** A name or value changed in place: the verdict follows the new value. */
        void apply(AssessmentUpdated e) {
            entries.computeIfPresent(e.assessmentId().value(), (id, x) -> new Entry(id,
                    e.fields().contains(AssessmentField.NAME) ? e.name() : x.name(),
                    e.fields().contains(AssessmentField.VALUE) ? FailureSignal.isFailingValue(e.value()) : x.failing(),
                    x.loggedAt(), x.overrides(), x.deleted()));
        }

        void apply(AssessmentDeleted e) {
            entries.computeIfPresent(e.assessmentId().value(), (id, x) ->
                    new Entry(id, x.name(), x.failing(), x.loggedAt(), x.overrides(), true));
        }

        /** Names whose current assessment fails. */
        List<String> failingNames() {
            Set<String> overridden = new HashSet<>();
            entries.values().stream().filter(x -> !x.deleted() && x.overrides() != null).forEach(x -> overridden.add(x.overrides()));
            Map<String, Entry> current = new LinkedHashMap<>();
            sorted().stream().filter(x -> !x.deleted() && !overridden.contains(x.id())).forEach(x -> current.put(x.name(), x));
            return current.values().stream().filter(Entry::failing).map(Entry::name).sorted().toList();
        }

        Bson toUpdate() {
            List<String> failing = failingNames();
            return Updates.combine(Updates.set("assessments", sorted().stream().map(Entry::toDocument).toList()),
                    Updates.set("failing", !failing.isEmpty()), Updates.set("failing_names", failing));
        }

        private List<Entry> sorted() {
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort(Comparator.comparing(Entry::loggedAt).thenComparing(Entry::id));
            return sorted;
        }
    }
}
