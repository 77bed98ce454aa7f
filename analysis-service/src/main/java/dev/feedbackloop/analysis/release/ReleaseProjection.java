package dev.feedbackloop.analysis.release;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.metrics.FeedbackOutcomes;
import dev.feedbackloop.kernel.release.CanaryStageStarted;
import dev.feedbackloop.kernel.release.FindReleases;
import dev.feedbackloop.kernel.release.ReleaseCompleted;
import dev.feedbackloop.kernel.release.ReleaseOpened;
import dev.feedbackloop.kernel.release.ReleaseRolledBack;
import dev.feedbackloop.kernel.release.ReleaseSummary;
import com.mongodb.client.model.Indexes;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.springframework.context.annotation.Bean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two small read models: the list of releases ({@value #RELEASES}, one document per release, written with $set and
 * $max only, so an event applied twice changes nothing) and, for the side-by-side fold, each feedback's counters
 * keyed by agent and version ({@value #FEEDBACK}, one document per feedback id, replaced whole).
 */
@Component
@ProcessingGroup(ReleaseProjection.PROCESSING_GROUP)
public class ReleaseProjection {

    public static final String PROCESSING_GROUP = "analysis-releases";
    public static final String RELEASES = "releases";
    public static final String FEEDBACK = "release_feedback";

    private final ReadModelWriter writer;

    public ReleaseProjection(ReadModelWriter writer) {
        this.writer = writer;
    }

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes releaseProjectionIndexes() {
        return ProjectionIndexes.of("releases",
                ReadModelIndex.of(RELEASES, "agent_newest", Indexes.compoundIndex(Indexes.ascending("agent_id"),
                        Indexes.descending("opened_at"))),
                ReadModelIndex.of(RELEASES, "status", Indexes.ascending("status")),
                ReadModelIndex.of(FEEDBACK, "version_time", Indexes.ascending("agent_id", "agent_version", "at")),
                ReadModelIndex.of(FEEDBACK, "time", Indexes.ascending("at")));
    }

    @EventHandler
    void on(ReleaseOpened e) {
        writer.update(RELEASES, Filters.eq("_id", e.releaseId()), Updates.combine(
                Updates.set("agent_id", e.agentId()), Updates.set("version", e.version()),
                Updates.set("baseline_version", e.baselineVersion()), Updates.set("opened_at", Date.from(e.openedAt())),
                Updates.setOnInsert("status", "open"), Updates.max("percentage", 0)), true);
    }

    @EventHandler
    void on(CanaryStageStarted e) {
        writer.update(RELEASES, Filters.eq("_id", e.releaseId()), Updates.max("percentage", e.percentage()), true);
    }

    @EventHandler
    void on(ReleaseCompleted e) {
        writer.update(RELEASES, Filters.eq("_id", e.releaseId()), Updates.set("status", "completed"), true);
    }

    @EventHandler
    void on(ReleaseRolledBack e) {
        writer.update(RELEASES, Filters.eq("_id", e.releaseId()), Updates.set("status", "rolled_back"), true);
    }

    @EventHandler
    void on(FeedbackSubmitted e) {
        FeedbackMetadata m = e.metadata();
        if (m == null || m.agentId() == null || m.agentVersion() == null || e.timestamp() == null) {
            return;
        }
        Document counters = new Document();
        new FeedbackOutcomes().add(e).counters().forEach((c, n) -> counters.append(c.name(), n));
        writer.put(FEEDBACK, e.feedbackId().toString(), new Document("agent_id", m.agentId())
                .append("agent_version", m.agentVersion()).append("at", Date.from(e.timestamp()))
                .append("c", counters));
    }

    @ResetHandler
    void reset() {
        writer.drop(RELEASES, FEEDBACK);
    }

    @QueryHandler
    public CompletableFuture<List<ReleaseSummary>> handle(FindReleases query) {
        return Flux.from(writer.collection(RELEASES).find(query.agentId() == null ? new Document()
                        : Filters.eq("agent_id", query.agentId())).sort(Sorts.descending("opened_at")))
                .map(ReleaseProjection::summary)
                .collectList().toFuture();
    }

    /** Releases still open, for the evaluator. */
    public Flux<ReleaseSummary> open() {
        return Flux.from(writer.collection(RELEASES).find(Filters.eq("status", "open"))).map(ReleaseProjection::summary);
    }

    /** The feedback of one agent version with event time in [from, to), folded. */
    public reactor.core.publisher.Mono<FeedbackOutcomes> feedback(String agentId, String version, Instant from, Instant to) {
        return Flux.from(writer.collection(FEEDBACK).find(Filters.and(Filters.eq("agent_id", agentId),
                        Filters.eq("agent_version", version), Filters.gte("at", Date.from(from)),
                        Filters.lt("at", Date.from(to)))).batchSize(ReadModelWriter.SCAN_BATCH))
                .reduce(new FeedbackOutcomes(), (sum, d) -> {
                    Document c = d.get("c", Document.class);
                    c.forEach((name, n) -> sum.add(FeedbackOutcomes.Counter.valueOf(name), ((Number) n).longValue()));
                    return sum;
                });
    }

    private static ReleaseSummary summary(Document d) {
        return new ReleaseSummary(d.getString("_id"), d.getString("agent_id"), d.getString("version"),
                d.getString("baseline_version"), d.getString("status"), d.getInteger("percentage", 0),
                d.getDate("opened_at") == null ? null : d.getDate("opened_at").toInstant());
    }
}
