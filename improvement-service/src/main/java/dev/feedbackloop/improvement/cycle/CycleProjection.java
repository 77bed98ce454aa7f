package dev.feedbackloop.improvement.cycle;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.cycle.BacklogItem;
import dev.feedbackloop.kernel.cycle.BacklogItemDecided;
import dev.feedbackloop.kernel.cycle.BacklogItemMoved;
import dev.feedbackloop.kernel.cycle.CycleBacklogRanked;
import dev.feedbackloop.kernel.cycle.CycleMeasured;
import dev.feedbackloop.kernel.cycle.CycleMeasurement;
import dev.feedbackloop.kernel.cycle.CyclePhaseStarted;
import dev.feedbackloop.kernel.cycle.CycleProblem;
import dev.feedbackloop.kernel.cycle.CycleProblemsCompiled;
import dev.feedbackloop.kernel.cycle.CycleReview;
import dev.feedbackloop.kernel.cycle.CycleReviewCompiled;
import dev.feedbackloop.kernel.cycle.CycleWorkLinked;
import dev.feedbackloop.kernel.cycle.DeployedVersionRecorded;
import dev.feedbackloop.kernel.cycle.EvaluationDatasetUpdated;
import dev.feedbackloop.kernel.cycle.FindImprovementCycle;
import dev.feedbackloop.kernel.cycle.FindImprovementCycles;
import dev.feedbackloop.kernel.cycle.ImprovementCycleClosed;
import dev.feedbackloop.kernel.cycle.ImprovementCycleOpened;
import dev.feedbackloop.kernel.cycle.ImprovementCycleView;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaAccepted;
import dev.feedbackloop.kernel.cycle.SuccessCriteriaProposed;
import dev.feedbackloop.kernel.cycle.TriageNoteAdded;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.serialization.StoredFormat;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.date;
import static dev.feedbackloop.support.readmodel.Docs.instant;

/**
 * The {@value #COLLECTION} read model, one document per cycle keyed by its id. Every write is a $set of what the
 * event says with the event's own times; what accumulates (notes, backlog moves and decisions, linked work) is kept
 * under the event's sequence number in its cycle's stream, so a replay, or an event seen twice, rebuilds the same
 * document. The backlog's current order is folded from the ranked list and its moves when read.
 */
@Component
@ProcessingGroup(CycleProjection.PROCESSING_GROUP)
public class CycleProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes cycleProjectionIndexes() {
        return ProjectionIndexes.of("cycles",
                ReadModelIndex.of(COLLECTION, "agent_starts", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("starts_at"))),
                ReadModelIndex.of(COLLECTION, "week", Indexes.ascending("week", "agent_id")));
    }

    public static final String PROCESSING_GROUP = "trigger-cycles";
    public static final String COLLECTION = "cycles";
    private static final ObjectMapper MAPPER = StoredFormat.generalMapper();

    private final ReadModelWriter writer;

    public CycleProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(ImprovementCycleOpened e) {
        writer.update(COLLECTION, byId(e.cycleId()), Updates.combine(
                Updates.set("agent_id", e.agentId()),
                Updates.set("week", e.week()),
                Updates.set("zone", e.zone()),
                Updates.set("starts_at", date(e.startsAt())),
                Updates.set("ends_at", date(e.endsAt())),
                Updates.set("opened_at", date(e.openedAt()))), true);
    }

    @EventHandler
    void on(CyclePhaseStarted e) {
        set(e.cycleId(), Updates.combine(Updates.set("phase", e.phase()),
                Updates.set("phase_started." + e.phase(), date(e.at()))));
    }

    @EventHandler
    void on(CycleReviewCompiled e) {
        set(e.cycleId(), Updates.combine(Updates.set("review", doc(e.review())), Updates.set("review_at", date(e.at()))));
    }

    @EventHandler
    void on(CycleProblemsCompiled e) {
        set(e.cycleId(), Updates.combine(Updates.set("problems", e.problems().stream().map(CycleProjection::doc).toList()),
                Updates.set("problems_at", date(e.at()))));
    }

    @EventHandler
    void on(CycleBacklogRanked e) {
        set(e.cycleId(), Updates.combine(Updates.set("backlog", e.items().stream().map(CycleProjection::doc).toList()),
                Updates.set("backlog_at", date(e.at()))));
    }

    @EventHandler
    void on(BacklogItemMoved e, @SequenceNumber long seq) {
        set(e.cycleId(), Updates.set("moves." + key(seq), new Document("item_id", e.itemId())
                .append("position", e.position()).append("by", e.by()).append("at", date(e.at()))));
    }

    @EventHandler
    void on(BacklogItemDecided e, @SequenceNumber long seq) {
        set(e.cycleId(), Updates.set("decisions." + key(seq), new Document("item_id", e.itemId())
                .append("decision", e.decision()).append("by", e.by()).append("at", date(e.at()))));
    }

    @EventHandler
    void on(TriageNoteAdded e, @SequenceNumber long seq) {
        set(e.cycleId(), Updates.set("notes." + key(seq), new Document("note_id", e.noteId())
                .append("author", e.author()).append("text", e.text()).append("at", date(e.at()))));
    }

    @EventHandler
    void on(CycleWorkLinked e, @SequenceNumber long seq) {
        set(e.cycleId(), Updates.set("work." + key(seq), new Document("kind", e.kind())
                .append("work_id", e.workId()).append("state", e.state()).append("at", date(e.at()))));
    }

    /**
     * Upserts: the dataset is another aggregate's stream, so it may sit in another segment than the cycle's and be
     * replayed before the cycle's document exists.
     */
    @EventHandler
    void on(EvaluationDatasetUpdated e) {
        if (e.cycleId() != null) {
            writer.update(COLLECTION, byId(e.cycleId()), Updates.set("dataset", new Document("dataset_id", e.datasetId())
                    .append("version", e.version()).append("test_cases", e.testCaseIds().size())
                    .append("at", date(e.at()))), true);
        }
    }

    @EventHandler
    void on(DeployedVersionRecorded e) {
        set(e.cycleId(), Updates.set("deployment", new Document("version", e.version())
                .append("previous_version", e.previousVersion()).append("deployed_at", date(e.deployedAt()))
                .append("by", e.by()).append("at", date(e.at()))));
    }

    @EventHandler
    void on(CycleMeasured e) {
        set(e.cycleId(), Updates.combine(Updates.set("measurement", doc(e.measurement())),
                Updates.set("measured_at", date(e.at()))));
    }

    @EventHandler
    void on(SuccessCriteriaProposed e) {
        set(e.cycleId(), Updates.combine(Updates.set("criteria_proposed", thresholds(e.thresholds())),
                Updates.set("criteria_proposed_at", date(e.at()))));
    }

    @EventHandler
    void on(SuccessCriteriaAccepted e) {
        set(e.cycleId(), Updates.combine(Updates.set("criteria_accepted", thresholds(e.thresholds())),
                Updates.set("criteria_accepted_by", e.by()), Updates.set("criteria_accepted_at", date(e.at()))));
    }

    @EventHandler
    void on(ImprovementCycleClosed e) {
        set(e.cycleId(), Updates.set("closed_at", date(e.at())));
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<ImprovementCycleView> handle(FindImprovementCycle query) {
        return Mono.from(writer.collection(COLLECTION).find(byId(query.cycleId())).first())
                .map(CycleProjection::view).toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<ImprovementCycleView>> handle(FindImprovementCycles query) {
        List<Bson> filters = new ArrayList<>();
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.week() != null) {
            filters.add(Filters.eq("week", query.week()));
        }
        return Flux.from(writer.collection(COLLECTION)
                        .find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.orderBy(Sorts.descending("starts_at"), Sorts.ascending("agent_id", "_id")))
                        .limit(query.limit()))
                .map(CycleProjection::view).collectList().toFuture();
    }

    private void set(String cycleId, Bson update) {
        writer.update(COLLECTION, byId(cycleId), update, false);
    }

    private static Bson byId(String cycleId) {
        return Filters.eq("_id", cycleId);
    }

    private static String key(long seq) {
        return String.format("%012d", seq);
    }

    @SuppressWarnings("unchecked")
    static Document doc(Object record) {
        return new Document(MAPPER.convertValue(record, Map.class));
    }

    static <T> T record(Object document, Class<T> type) {
        return document == null ? null : MAPPER.convertValue(document, type);
    }

    /** Metric names are data and may hold dots: thresholds are kept as a list of {metric, value}. */
    private static List<Document> thresholds(Map<String, Double> thresholds) {
        List<Document> out = new ArrayList<>();
        new TreeMap<>(thresholds).forEach((metric, value) -> out.add(new Document("metric", metric).append("value", value)));
        return out;
    }

    private static Map<String, Double> thresholds(Document d, String field) {
        List<Document> pairs = d.getList(field, Document.class);
        if (pairs == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        pairs.forEach(p -> out.put(p.getString("metric"), ((Number) p.get("value")).doubleValue()));
        return out;
    }

    /** The entries of a map kept by sequence number, in sequence order. */
    private static List<Document> bySequence(Document d, String field) {
        Document entries = d.get(field, Document.class);
        if (entries == null) {
            return List.of();
        }
        List<Document> out = new ArrayList<>();
        new TreeMap<>(entries).values().forEach(v -> out.add((Document) v));
        return out;
    }

    static ImprovementCycleView view(Document d) {
        Map<String, Instant> phases = new LinkedHashMap<>();
        Document started = d.get("phase_started", Document.class);
        if (started != null) {
            started.keySet().forEach(phase -> phases.put(phase, instant(started, phase)));
        }
        List<ImprovementCycleView.Note> notes = bySequence(d, "notes").stream()
                .map(n -> new ImprovementCycleView.Note(n.getString("note_id"), n.getString("author"),
                        n.getString("text"), instant(n, "at"))).toList();
        List<CycleProblem> problems = d.getList("problems", Document.class) == null ? null
                : d.getList("problems", Document.class).stream().map(p -> record(p, CycleProblem.class)).toList();
        Document dataset = d.get("dataset", Document.class);
        Document deployment = d.get("deployment", Document.class);
        return new ImprovementCycleView(d.getString("_id"), d.getString("agent_id"), d.getString("week"),
                d.getString("zone"), instant(d, "starts_at"), instant(d, "ends_at"), instant(d, "opened_at"),
                d.getString("phase"), phases, record(d.get("review"), CycleReview.class), notes, problems,
                backlog(d), work(d),
                dataset == null ? null : new ImprovementCycleView.Dataset(dataset.getString("dataset_id"),
                        ((Number) dataset.get("version")).intValue(), ((Number) dataset.get("test_cases")).intValue(),
                        instant(dataset, "at")),
                deployment == null ? null : new ImprovementCycleView.Deployment(deployment.getString("version"),
                        deployment.getString("previous_version"), instant(deployment, "deployed_at"),
                        deployment.getString("by"), instant(deployment, "at")),
                record(d.get("measurement"), CycleMeasurement.class), thresholds(d, "criteria_proposed"),
                instant(d, "criteria_proposed_at"), thresholds(d, "criteria_accepted"),
                d.getString("criteria_accepted_by"), instant(d, "criteria_accepted_at"), instant(d, "closed_at"));
    }

    /** The ranked backlog with its moves applied in order and each item's latest decision. */
    private static List<BacklogItem> backlog(Document d) {
        List<Document> ranked = d.getList("backlog", Document.class);
        if (ranked == null) {
            return null;
        }
        List<BacklogItem> items = new ArrayList<>(ranked.stream().map(i -> record(i, BacklogItem.class)).toList());
        for (Document move : bySequence(d, "moves")) {
            String itemId = move.getString("item_id");
            int position = ((Number) move.get("position")).intValue();
            BacklogItem item = items.stream().filter(i -> i.itemId().equals(itemId)).findFirst().orElse(null);
            if (item != null && position >= 0 && position < items.size()) {
                items.remove(item);
                items.add(position, item);
            }
        }
        Map<String, String> decisions = new LinkedHashMap<>();
        bySequence(d, "decisions").forEach(x -> decisions.put(x.getString("item_id"), x.getString("decision")));
        return items.stream().map(i -> !decisions.containsKey(i.itemId()) ? i
                : new BacklogItem(i.itemId(), i.kind(), i.refId(), i.title(), i.affectedVolume(), i.severity(),
                i.trend(), i.score(), decisions.get(i.itemId()))).toList();
    }

    /** Each linked ticket or test case once, in its latest state, in the order they were first linked. */
    private static List<ImprovementCycleView.Work> work(Document d) {
        Map<String, ImprovementCycleView.Work> latest = new LinkedHashMap<>();
        for (Document w : bySequence(d, "work")) {
            ImprovementCycleView.Work work = new ImprovementCycleView.Work(w.getString("kind"), w.getString("work_id"),
                    w.getString("state"), instant(w, "at"));
            String key = work.kind() + ":" + work.workId();
            ImprovementCycleView.Work seen = latest.get(key);
            if (seen == null || !work.at().isBefore(seen.at())) {
                latest.put(key, work);
            }
        }
        return List.copyOf(latest.values());
    }
}
