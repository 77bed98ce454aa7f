package dev.feedbackloop.trigger.testcase;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.FindTestCase;
import dev.feedbackloop.kernel.trigger.FindTestCases;
import dev.feedbackloop.kernel.trigger.TestCaseApproved;
import dev.feedbackloop.kernel.trigger.TestCaseCreated;
import dev.feedbackloop.kernel.trigger.TestCaseRejected;
import dev.feedbackloop.kernel.trigger.TestCaseRetired;
import dev.feedbackloop.kernel.trigger.TestCaseView;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.feedbackloop.support.readmodel.Docs.instant;

/**
 * Test cases as the API lists them, one document per test case written from the events' own times only, so a
 * replay writes the same documents again.
 */
@Component
@ProcessingGroup(TestCaseProjection.PROCESSING_GROUP)
public class TestCaseProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes testCaseProjectionIndexes() {
        return ProjectionIndexes.of("test cases",
                ReadModelIndex.of(COLLECTION, "created", Indexes.descending("created_at", "_id")),
                ReadModelIndex.of(COLLECTION, "agent_created", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("created_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "state_created", Indexes.compoundIndex(Indexes.ascending("state"),
                        Indexes.descending("created_at", "_id"))),
                ReadModelIndex.of(COLLECTION, "cluster", Indexes.ascending("cluster_id")));
    }

    public static final String PROCESSING_GROUP = "trigger-test-cases";
    public static final String COLLECTION = "test_cases";

    private final ReadModelWriter writer;

    public TestCaseProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    @EventHandler
    void on(TestCaseCreated e) {
        writer.update(COLLECTION, Filters.eq("_id", e.testCaseId()), Updates.combine(
                Updates.set("incident_id", e.incidentId()),
                Updates.set("agent_id", e.agentId()),
                Updates.set("cluster_id", e.clusterId()),
                Updates.set("feedback_id", e.feedbackId()),
                Updates.set("trace_id", e.traceId()),
                Updates.set("intent_category", e.intentCategory()),
                Updates.set("input", e.input()),
                Updates.set("observed", e.observed()),
                Updates.set("expected", e.expected()),
                Updates.set("created_at", Date.from(e.createdAt())),
                Updates.setOnInsert("state", "proposed")), true);
    }

    @EventHandler
    void on(TestCaseApproved e) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("state", "approved"),
                Updates.set("decided_by", e.by()), Updates.set("decided_at", Date.from(e.at()))));
        if (e.expected() != null) {
            updates.add(Updates.set("expected", e.expected()));
        }
        writer.update(COLLECTION, Filters.eq("_id", e.testCaseId()), Updates.combine(updates), false);
    }

    @EventHandler
    void on(TestCaseRejected e) {
        writer.update(COLLECTION, Filters.eq("_id", e.testCaseId()), Updates.combine(
                Updates.set("state", "rejected"), Updates.set("decided_by", e.by()),
                Updates.set("decided_at", Date.from(e.at())), Updates.set("rejection_reason", e.reason())), false);
    }

    @EventHandler
    void on(TestCaseRetired e) {
        writer.update(COLLECTION, Filters.eq("_id", e.testCaseId()), Updates.combine(
                Updates.set("state", "retired"), Updates.set("retired_by", e.by()),
                Updates.set("retired_at", Date.from(e.at())), Updates.set("retired_reason", e.reason())), false);
    }

    @ResetHandler
    void reset() {
        writer.drop(COLLECTION);
    }

    @QueryHandler
    public CompletableFuture<List<TestCaseView>> handle(FindTestCases query) {
        List<Bson> filters = new ArrayList<>();
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.clusterId() != null) {
            filters.add(Filters.eq("cluster_id", query.clusterId()));
        }
        return Flux.from(writer.collection(COLLECTION).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.descending("created_at", "_id")).limit(query.limit()))
                .map(TestCaseProjection::view).collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<TestCaseView> handle(FindTestCase query) {
        return Mono.from(writer.collection(COLLECTION).find(Filters.eq("_id", query.testCaseId())).first())
                .map(TestCaseProjection::view).toFuture();
    }

    static TestCaseView view(Document d) {
        return new TestCaseView(d.getString("_id"), d.getString("incident_id"), d.getString("agent_id"),
                d.getString("cluster_id"), d.getString("feedback_id"), d.getString("trace_id"),
                d.getString("intent_category"), d.getString("input"), d.getString("observed"),
                d.getString("expected"), d.getString("state"), instant(d, "created_at"), d.getString("decided_by"),
                instant(d, "decided_at"), d.getString("rejection_reason"), d.getString("retired_by"),
                instant(d, "retired_at"), d.getString("retired_reason"));
    }
}
