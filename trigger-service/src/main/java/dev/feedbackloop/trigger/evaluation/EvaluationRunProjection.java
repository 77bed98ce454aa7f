package dev.feedbackloop.trigger.evaluation;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.EvaluationRunCompleted;
import dev.feedbackloop.kernel.trigger.EvaluationRunFailed;
import dev.feedbackloop.kernel.trigger.EvaluationRunJudged;
import dev.feedbackloop.kernel.trigger.EvaluationRunRequested;
import dev.feedbackloop.kernel.trigger.EvaluationRunStarted;
import dev.feedbackloop.kernel.trigger.EvaluationRunTimedOut;
import dev.feedbackloop.kernel.trigger.EvaluationRunView;
import dev.feedbackloop.kernel.trigger.FindEvaluationRun;
import dev.feedbackloop.kernel.trigger.FindEvaluationRuns;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.instant;

/**
 * Evaluation runs as the API lists them, with their metrics and verdict; written from the events' own times only,
 * so a replay writes the same documents again.
 */
@Component
@ProcessingGroup(EvaluationRunProjection.PROCESSING_GROUP)
public class EvaluationRunProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes evaluationRunProjectionIndexes() {
        return ProjectionIndexes.of("evaluation runs",
                ReadModelIndex.of(COLLECTION, "requested", Indexes.descending("requested_at", "_id")),
                ReadModelIndex.of(COLLECTION, "agent_requested", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("requested_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "baseline", Indexes.compoundIndex(
                        Indexes.ascending("agent_id", "dataset", "verdict"), Indexes.descending("completed_at", "_id"))));
    }

    public static final String PROCESSING_GROUP = "trigger-evaluation-runs";
    public static final String COLLECTION = "evaluation_runs";

    private final ReadModelWriter writer;

    public EvaluationRunProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(EvaluationRunRequested e) {
        writer.update(COLLECTION, Filters.eq("_id", e.runId()), Updates.combine(
                Updates.set("incident_id", e.incidentId()),
                Updates.set("agent_id", e.agentId()),
                Updates.set("agent_version", e.agentVersion()),
                Updates.set("dataset", e.dataset()),
                Updates.set("reason", e.reason()),
                Updates.set("requested_at", Date.from(e.requestedAt())),
                Updates.set("deadline", Date.from(e.deadline())),
                Updates.setOnInsert("state", "requested")), true);
    }

    @EventHandler
    void on(EvaluationRunStarted e) {
        set(e.runId(), Updates.set("state", "started"), Updates.set("external_id", e.externalId()),
                Updates.set("started_at", Date.from(e.at())));
    }

    @EventHandler
    void on(EvaluationRunCompleted e) {
        Document metrics = new Document();
        e.metrics().forEach(metrics::append);
        set(e.runId(), Updates.set("state", "completed"), Updates.set("metrics", metrics),
                Updates.set("ended_at", Date.from(e.at())));
    }

    @EventHandler
    void on(EvaluationRunFailed e) {
        set(e.runId(), Updates.set("state", "failed"), Updates.set("failure_reason", e.reason()),
                Updates.set("ended_at", Date.from(e.at())));
    }

    @EventHandler
    void on(EvaluationRunTimedOut e) {
        set(e.runId(), Updates.set("state", "timed_out"), Updates.set("ended_at", Date.from(e.deadline())));
    }

    @EventHandler
    void on(EvaluationRunJudged e) {
        set(e.runId(), Updates.set("verdict", e.verdict().wireName()), Updates.set("baseline_run_id", e.baselineRunId()),
                Updates.set("reasons", e.reasons()), Updates.set("judged_at", Date.from(e.at())));
    }

    private void set(String runId, Bson... updates) {
        writer.update(COLLECTION, Filters.eq("_id", runId), Updates.combine(updates), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<EvaluationRunView>> handle(FindEvaluationRuns query) {
        List<Bson> filters = new ArrayList<>();
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        return Flux.from(writer.collection(COLLECTION).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.descending("requested_at", "_id")).limit(query.limit()))
                .map(EvaluationRunProjection::view).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<EvaluationRunView> handle(FindEvaluationRun query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.runId())).first())
                .map(EvaluationRunProjection::view).toFuture();
    }

    static EvaluationRunView view(Document d) {
        Map<String, Double> metrics = null;
        Document stored = d.get("metrics", Document.class);
        if (stored != null) {
            metrics = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : stored.entrySet()) {
                metrics.put(entry.getKey(), entry.getValue() instanceof Number n ? n.doubleValue() : null);
            }
        }
        return new EvaluationRunView(d.getString("_id"), d.getString("incident_id"), d.getString("agent_id"),
                d.getString("agent_version"), d.getString("dataset"), d.getString("reason"), d.getString("state"),
                instant(d, "requested_at"), instant(d, "deadline"), d.getString("external_id"),
                instant(d, "started_at"), instant(d, "ended_at"), metrics, d.getString("failure_reason"),
                d.getString("verdict"), d.getString("baseline_run_id"), d.getList("reasons", String.class),
                instant(d, "judged_at"));
    }
}
