package dev.feedbackloop.trigger.pipeline;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.FindPipelineRun;
import dev.feedbackloop.kernel.trigger.FindPipelineRuns;
import dev.feedbackloop.kernel.trigger.PipelineRunCompleted;
import dev.feedbackloop.kernel.trigger.PipelineRunFailed;
import dev.feedbackloop.kernel.trigger.PipelineRunRequested;
import dev.feedbackloop.kernel.trigger.PipelineRunStarted;
import dev.feedbackloop.kernel.trigger.PipelineRunView;
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
 * Pipeline runs as the API lists them; written from the events' own times only, so a replay writes the same
 * documents again.
 */
@Component
@ProcessingGroup(PipelineRunProjection.PROCESSING_GROUP)
public class PipelineRunProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes pipelineRunProjectionIndexes() {
        return ProjectionIndexes.of("pipeline runs",
                ReadModelIndex.of(COLLECTION, "requested", Indexes.descending("requested_at", "_id")),
                ReadModelIndex.of(COLLECTION, "agent_requested", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("requested_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "pipeline_requested", Indexes.compoundIndex(Indexes.ascending("pipeline"),
                        Indexes.descending("requested_at", "_id"))));
    }

    public static final String PROCESSING_GROUP = "trigger-pipeline-runs";
    public static final String COLLECTION = "pipeline_runs";

    private final ReadModelWriter writer;

    public PipelineRunProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(PipelineRunRequested e) {
        writer.update(COLLECTION, Filters.eq("_id", e.runId()), Updates.combine(
                Updates.set("incident_id", e.incidentId()),
                Updates.set("agent_id", e.agentId()),
                Updates.set("pipeline", e.pipeline()),
                Updates.set("parameters", document(e.parameters())),
                Updates.set("reason", e.reason()),
                Updates.set("requested_at", Date.from(e.requestedAt())),
                Updates.setOnInsert("state", "requested")), true);
    }

    @EventHandler
    void on(PipelineRunStarted e) {
        set(e.runId(), Updates.set("state", "started"), Updates.set("external_id", e.externalId()),
                Updates.set("started_at", Date.from(e.at())));
    }

    @EventHandler
    void on(PipelineRunCompleted e) {
        set(e.runId(), Updates.set("state", "completed"), Updates.set("outputs", document(e.outputs())),
                Updates.set("ended_at", Date.from(e.at())));
    }

    @EventHandler
    void on(PipelineRunFailed e) {
        set(e.runId(), Updates.set("state", "failed"), Updates.set("failure_reason", e.reason()),
                Updates.set("ended_at", Date.from(e.at())));
    }

    private void set(String runId, Bson... updates) {
        writer.update(COLLECTION, Filters.eq("_id", runId), Updates.combine(updates), false);
    }

    private static Document document(Map<String, String> entries) {
        Document doc = new Document();
        if (entries != null) {
            entries.forEach(doc::append);
        }
        return doc;
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<PipelineRunView>> handle(FindPipelineRuns query) {
        List<Bson> filters = new ArrayList<>();
        if (query.pipeline() != null) {
            filters.add(Filters.eq("pipeline", query.pipeline()));
        }
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        return Flux.from(writer.collection(COLLECTION).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.descending("requested_at", "_id")).limit(query.limit()))
                .map(PipelineRunProjection::view).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<PipelineRunView> handle(FindPipelineRun query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.runId())).first())
                .map(PipelineRunProjection::view).toFuture();
    }

    static PipelineRunView view(Document d) {
        return new PipelineRunView(d.getString("_id"), d.getString("incident_id"), d.getString("agent_id"),
                d.getString("pipeline"), strings(d.get("parameters", Document.class)), d.getString("reason"),
                d.getString("state"), instant(d, "requested_at"), d.getString("external_id"),
                instant(d, "started_at"), instant(d, "ended_at"), strings(d.get("outputs", Document.class)),
                d.getString("failure_reason"));
    }

    private static Map<String, String> strings(Document doc) {
        if (doc == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        doc.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
        return out;
    }
}
