package dev.feedbackloop.analysis.failures;

import org.springframework.context.annotation.Bean;
import dev.feedbackloop.support.readmodel.ReadModelIndex;
import dev.feedbackloop.support.readmodel.ProjectionIndexes;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.analysis.limits.QueryDeadline;
import dev.feedbackloop.analysis.limits.QueryLimits;
import dev.feedbackloop.kernel.analysis.CountedValue;
import dev.feedbackloop.kernel.analysis.FailureClusterChange;
import dev.feedbackloop.kernel.analysis.FailureClusterDetail;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterMerged;
import dev.feedbackloop.kernel.analysis.FailureClusterReopened;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.kernel.analysis.FailureClusterSplit;
import dev.feedbackloop.kernel.analysis.FailureClusterSummary;
import dev.feedbackloop.kernel.analysis.FailureExample;
import dev.feedbackloop.kernel.analysis.FailureModeOfWeek;
import dev.feedbackloop.kernel.analysis.FailureModeReport;
import dev.feedbackloop.kernel.analysis.FindFailureCluster;
import dev.feedbackloop.kernel.analysis.FindFailureClusters;
import dev.feedbackloop.kernel.analysis.FindFailureModeReport;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The failure clusters as their events tell: state, sizes and trend, how each ended, and its history (in
 * {@value #CLUSTERS}). Every write sets values taken from the event or adds an entry made from it to a set, so a
 * replayed batch changes nothing. The queries join the tracker's latest membership of each cluster
 * ({@link FailureClusterTracker#SNAPSHOTS}: members, intents, versions, exemplar texts), which events do not carry.
 */
@Component
@ProcessingGroup(FailureClusterProjection.PROCESSING_GROUP)
public class FailureClusterProjection {

    /** The indexes this read model's queries need on a real MongoDB (see {@link ReadModelIndex}). */
    @Bean
    static ProjectionIndexes failureClusterProjectionIndexes() {
        return ProjectionIndexes.of("failure clusters",
                ReadModelIndex.of(CLUSTERS, "agent_state", Indexes.ascending("agent_id", "state")));
    }

    public static final String PROCESSING_GROUP = "analysis-failure-clusters";
    public static final String CLUSTERS = "failure_clusters";
    static final String ACTIVE = "active";

    private final ReadModelWriter writer;
    private final QueryLimits limits;

    public FailureClusterProjection(ReadModelWriter writer, QueryLimits limits) {
        this.writer = writer;
        this.limits = limits;
    }

    @EventHandler
    void on(FailureClusterDiscovered e) {
        List<Bson> set = new ArrayList<>(List.of(Updates.set("agent_id", e.agentId()), Updates.set("label", e.label()),
                Updates.set("top_terms", e.topTerms()), Updates.set("exemplar_ids", e.exemplarIds()),
                Updates.set("size", e.size()), Updates.set("size_24h", e.sizeLast24h()), Updates.set("trend", "growing"),
                Updates.set("first_seen", Date.from(e.firstSeen())), Updates.set("last_seen", Date.from(e.lastSeen())),
                Updates.set("state", ACTIVE), Updates.set("discovered_at", Date.from(e.discoveredAt()))));
        if (e.splitFrom() != null) {
            set.add(Updates.set("split_from", e.splitFrom()));
        }
        change(e.clusterId(), set, history("discovered", e.discoveredAt()).append("size", e.size())
                .append("size_24h", e.sizeLast24h()));
    }

    @EventHandler
    void on(FailureClusterGrew e) {
        List<Bson> set = new ArrayList<>(List.of(Updates.set("size", e.size()), Updates.set("size_24h", e.sizeLast24h()),
                Updates.set("trend", trend(e.size(), e.previousSize())), Updates.set("last_seen", Date.from(e.lastSeen()))));
        if (e.exemplarIds() != null) {
            set.add(Updates.set("exemplar_ids", e.exemplarIds()));
        }
        change(e.clusterId(), set, history("grew", e.at()).append("size", e.size()).append("size_24h", e.sizeLast24h()));
    }

    static String trend(int size, int previousSize) {
        return size > previousSize ? "growing" : size < previousSize ? "shrinking" : "stable";
    }

    @EventHandler
    void on(FailureClusterReopened e) {
        change(e.clusterId(), List.of(Updates.set("state", ACTIVE), Updates.set("size", e.size()),
                        Updates.set("size_24h", e.sizeLast24h()), Updates.set("trend", "growing"),
                        Updates.set("last_seen", Date.from(e.lastSeen())), Updates.unset("ended_at"),
                        Updates.unset("resolution")),
                history("reopened", e.at()).append("size", e.size()).append("size_24h", e.sizeLast24h()));
    }

    @EventHandler
    void on(FailureClusterMerged e) {
        change(e.clusterId(), List.of(Updates.set("state", "merged"), Updates.set("merged_into", e.intoClusterId()),
                Updates.set("ended_at", Date.from(e.at()))), history("merged", e.at()).append("into_cluster_id", e.intoClusterId()));
    }

    @EventHandler
    void on(FailureClusterSplit e) {
        List<Bson> set = new ArrayList<>(List.of(Updates.addEachToSet("split_into", e.intoClusterIds())));
        if (!e.continued()) {
            set.add(Updates.set("state", "split"));
            set.add(Updates.set("ended_at", Date.from(e.at())));
        }
        change(e.clusterId(), set, history("split", e.at()).append("into_cluster_ids", e.intoClusterIds())
                .append("continued", e.continued()));
    }

    @EventHandler
    void on(FailureClusterResolved e) {
        change(e.clusterId(), List.of(Updates.set("state", "resolved"), Updates.set("resolution", e.reason()),
                        Updates.set("ended_at", Date.from(e.at())), Updates.set("last_seen", Date.from(e.lastSeen()))),
                history("resolved", e.at()).append("reason", e.reason()));
    }

    private static Document history(String type, Instant at) {
        return new Document("type", type).append("at", Date.from(at));
    }

    private void change(String clusterId, List<Bson> updates, Document historyEntry) {
        List<Bson> all = new ArrayList<>(updates);
        all.add(Updates.addToSet("history", historyEntry));
        writer.update(CLUSTERS, Filters.eq("_id", clusterId), Updates.combine(all), true);
    }

    @ResetHandler
    void reset() {
        writer.drop(CLUSTERS);
    }

    @QueryHandler
    public CompletableFuture<List<FailureClusterSummary>> handle(FindFailureClusters query) {
        List<Bson> filters = new ArrayList<>();
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        if (query.state() != null) {
            filters.add(Filters.eq("state", query.state()));
        }
        QueryDeadline reads = limits.start();
        return Flux.from(reads.collection(CLUSTERS).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .projection(Projections.exclude("history")))
                .collectList()
                .flatMap(clusters -> snapshots(reads, clusters.stream().map(d -> d.getString("_id")).toList(), false)
                        .map(snapshots -> clusters.stream().sorted(LARGEST_FIRST)
                                .map(d -> summary(d, snapshots.get(d.getString("_id")))).toList()))
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<Optional<FailureClusterDetail>> handle(FindFailureCluster query) {
        QueryDeadline reads = limits.start();
        return Mono.from(reads.collection(CLUSTERS).find(Filters.eq("_id", query.clusterId())).first())
                .flatMap(d -> snapshots(reads, List.of(query.clusterId()), true).map(snapshots -> {
                    Document snapshot = snapshots.get(query.clusterId());
                    List<String> members = snapshot == null ? List.of() : snapshot.getList("member_ids", String.class, List.of());
                    return Optional.of(new FailureClusterDetail(summary(d, snapshot), examples(snapshot),
                            members.size(), members.subList(0, Math.min(members.size(), query.memberLimit())),
                            history(d)));
                }))
                .defaultIfEmpty(Optional.empty())
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<FailureModeReport> handle(FindFailureModeReport query) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.lt("discovered_at", Date.from(query.to()))));
        if (query.agentId() != null) {
            filters.add(Filters.eq("agent_id", query.agentId()));
        }
        QueryDeadline reads = limits.start();
        return Flux.from(reads.collection(CLUSTERS).find(Filters.and(filters))).collectList()
                .flatMap(clusters -> snapshots(reads, clusters.stream().map(d -> d.getString("_id")).toList(), false)
                        .map(snapshots -> {
                            List<FailureModeOfWeek> modes = new ArrayList<>();
                            for (Document d : clusters) {
                                Document snapshot = snapshots.get(d.getString("_id"));
                                Week.of(history(d), query.from(), query.to()).ifPresent(w -> modes.add(new FailureModeOfWeek(
                                        summary(d, snapshot), w.size(), w.peakSizeLast24h(), w.state(), w.discovered(),
                                        w.resolved(), w.mergedInto(), w.splitInto(), examples(snapshot))));
                            }
                            modes.sort(Comparator.comparingInt(FailureModeOfWeek::size).reversed()
                                    .thenComparing(m -> m.cluster().clusterId()));
                            return new FailureModeReport(query.week(), query.from(), query.to(), query.agentId(), modes);
                        }))
                .toFuture();
    }

    /** What a cluster's history says of one week {@code [from, to)}. */
    record Week(int size, int peakSizeLast24h, String state, boolean discovered, boolean resolved, String mergedInto,
                List<String> splitInto) {

        /** Empty when the cluster was never active during the week. */
        static Optional<Week> of(List<FailureClusterChange> history, Instant from, Instant to) {
            String stateAtStart = null;
            String state = null;
            Integer size = null;
            Integer sizeAtStart = null;
            Integer last24hAtStart = null;
            int peak = 0;
            boolean startedInWeek = false;
            boolean discovered = false;
            boolean resolved = false;
            String mergedInto = null;
            Set<String> splitInto = new LinkedHashSet<>();
            for (FailureClusterChange c : history) {
                if (!c.at().isBefore(to)) {
                    break;
                }
                boolean inWeek = !c.at().isBefore(from);
                state = switch (c.type()) {
                    case "discovered", "reopened" -> ACTIVE;
                    case "resolved" -> "resolved";
                    case "merged" -> "merged";
                    case "split" -> Boolean.TRUE.equals(c.continued()) ? state : "split";
                    default -> state;
                };
                if (c.size() != null) {
                    size = c.size();
                }
                if (!inWeek) {
                    stateAtStart = state;
                    sizeAtStart = size;
                    last24hAtStart = c.sizeLast24h() != null ? c.sizeLast24h() : last24hAtStart;
                    continue;
                }
                if (c.sizeLast24h() != null) {
                    peak = Math.max(peak, c.sizeLast24h());
                }
                switch (c.type()) {
                    case "discovered" -> {
                        discovered = true;
                        startedInWeek = true;
                    }
                    case "reopened" -> startedInWeek = true;
                    case "resolved" -> resolved = true;
                    case "merged" -> mergedInto = c.intoClusterId();
                    case "split" -> splitInto.addAll(c.intoClusterIds());
                    default -> {
                    }
                }
            }
            boolean activeAtStart = ACTIVE.equals(stateAtStart);
            if (!activeAtStart && !startedInWeek) {
                return Optional.empty();
            }
            if (activeAtStart && last24hAtStart != null) {
                peak = Math.max(peak, last24hAtStart);
            }
            return Optional.of(new Week(size == null ? (sizeAtStart == null ? 0 : sizeAtStart) : size, peak, state,
                    discovered, resolved, mergedInto, splitInto.isEmpty() ? null : List.copyOf(splitInto)));
        }
    }

    private static final Comparator<Document> LARGEST_FIRST = Comparator
            .<Document>comparingInt(d -> -d.getInteger("size", 0)).thenComparing(d -> d.getString("_id"));

    /** The tracker's latest membership of each cluster, by cluster id; member ids only when asked for. */
    private Mono<Map<String, Document>> snapshots(QueryDeadline reads, Collection<String> ids, boolean withMembers) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(reads.collection(FailureClusterTracker.SNAPSHOTS).find(Filters.in("_id", ids))
                        .projection(withMembers ? new Document() : Projections.exclude("member_ids")))
                .collectMap(d -> d.getString("_id"));
    }

    static FailureClusterSummary summary(Document d, Document snapshot) {
        return new FailureClusterSummary(d.getString("_id"), d.getString("agent_id"), d.getString("label"),
                d.getList("top_terms", String.class, List.of()), d.getInteger("size", 0), d.getInteger("size_24h", 0),
                d.getString("trend"), counted(snapshot, "intents"), counted(snapshot, "agent_versions"),
                instant(d, "first_seen"), instant(d, "last_seen"), d.getString("state"), instant(d, "discovered_at"),
                instant(d, "ended_at"), d.getString("resolution"), d.getString("merged_into"),
                d.getList("split_into", String.class), d.getString("split_from"));
    }

    private static List<CountedValue> counted(Document snapshot, String field) {
        if (snapshot == null) {
            return List.of();
        }
        return snapshot.getList(field, Document.class, List.of()).stream()
                .map(v -> new CountedValue(v.getString("value"), ((Number) v.get("count")).longValue())).toList();
    }

    private static List<FailureExample> examples(Document snapshot) {
        if (snapshot == null) {
            return List.of();
        }
        return snapshot.getList("exemplars", Document.class, List.of()).stream()
                .map(e -> new FailureExample(e.getString("feedback_id"), instant(e, "timestamp"), e.getString("text"),
                        e.getString("intent_category"), e.getString("agent_version"))).toList();
    }

    static List<FailureClusterChange> history(Document d) {
        return d.getList("history", Document.class, List.of()).stream()
                .map(h -> new FailureClusterChange(h.getString("type"), instant(h, "at"), h.getInteger("size"),
                        h.getInteger("size_24h"), h.getString("into_cluster_id"), h.getList("into_cluster_ids", String.class),
                        h.getBoolean("continued"), h.getString("reason")))
                .toList();
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
