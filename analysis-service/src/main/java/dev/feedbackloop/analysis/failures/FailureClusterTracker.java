package dev.feedbackloop.analysis.failures;

import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import dev.feedbackloop.support.ops.ClusterJob;
import dev.feedbackloop.analysis.meters.AnalysisMeters;
import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.clustering.Cluster;
import dev.feedbackloop.analysis.clustering.ClusterChanges;
import dev.feedbackloop.analysis.clustering.ClusterMatcher;
import dev.feedbackloop.analysis.clustering.ClusteringSettings;
import dev.feedbackloop.analysis.clustering.Failure;
import dev.feedbackloop.analysis.clustering.FailureClustering;
import dev.feedbackloop.analysis.clustering.FailureClusters;
import dev.feedbackloop.kernel.analysis.DissolveFailureCluster;
import dev.feedbackloop.kernel.analysis.MergeFailureCluster;
import dev.feedbackloop.kernel.analysis.ObserveFailureCluster;
import dev.feedbackloop.kernel.analysis.SplitFailureCluster;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Clusters each agent's failures again and again, in event time: a run clusters the window that ends at the agent's
 * latest feedback, once {@code interval} (wall clock) has passed since its last run or {@code new-failures} new
 * failures have arrived. A back-fill moves the window on by at most {@code max-step} per run, so modes that came and
 * went within it are seen too. Each run starts from the previous run's clusters (kept in {@value #RUNS}), so clusters
 * keep their ids, and tells each {@link FailureCluster} what it found: observations, merges, splits, and
 * dissolutions of clusters nothing continues.
 * <p>
 * New clusters are named after the agent, the window's end and their smallest member, so a run repeated after a
 * crash names them as the first attempt did, and the aggregates ignore what they already recorded; a cluster a failed
 * attempt left behind is dissolved by a later run. The members, intents, versions and exemplar texts of each cluster
 * go to {@value #SNAPSHOTS} for the read side; events carry no member lists.
 */
@Component
@EnableConfigurationProperties(FailureClusterSettings.class)
public class FailureClusterTracker {

    /**
     * Runs {@link #trackAll} every {@code platform.clustering.check-interval} on one instance of the cluster
     * (a {@link ClusterJob}); an instance with {@code platform.clustering.enabled=false} takes no part.
     */
    @Bean
    @ConditionalOnProperty(name = "platform.clustering.enabled", havingValue = "true", matchIfMissing = true)
    static RecurringTask<Void> failureClusterTracking(FailureClusterTracker job, FailureClusterSettings settings) {
        return ClusterJob.every("failure-cluster-tracker", settings.checkInterval(), job::trackAll);
    }

    private static final Logger log = LoggerFactory.getLogger(FailureClusterTracker.class);
    static final String RUNS = "cluster_runs";
    public static final String SNAPSHOTS = "cluster_members";
    static final Duration DAY = Duration.ofHours(24);
    static final int TOP_VALUES = 5;

    private final FailuresProjection failures;
    private final FailureEmbeddings embeddings;
    private final ReadModelWriter readModels;
    private final CommandGateway commands;
    private final FailureClusterSettings settings;
    private final ClusteringSettings clustering = ClusteringSettings.defaults();
    private final Clock clock;
    private final Duration timeout;
    private final AnalysisMeters meters;

    public FailureClusterTracker(FailuresProjection failures, FailureEmbeddings embeddings, ReadModelWriter readModels,
                                 CommandGateway commands, FailureClusterSettings settings, Clock clock,
                                 PlatformProperties platform, AnalysisMeters meters) {
        this.meters = meters;
        this.failures = failures;
        this.embeddings = embeddings;
        this.readModels = readModels;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }




    /** Clusters every agent that is due; answers the number of runs. */
    public synchronized int trackAll() {
        int runs = 0;
        for (Document watermark : failures.watermarks()) {
            try {
                runs += track(watermark);
            } catch (RuntimeException e) {
                log.warn("Clustering the failures of agent {} failed; the next check retries", watermark.get("_id"), e);
            }
        }
        return runs;
    }

    /** Runs an agent's due runs: the steps of a back-fill, then the latest window if it is due. */
    int track(Document watermark) {
        String agent = watermark.getString("_id");
        Instant latest = watermark.getDate("max_event_time").toInstant();
        Instant first = watermark.getDate("first_event_time").toInstant();
        long seen = watermark.get("failures") instanceof Number n ? n.longValue() : 0;
        ClusterRun last = lastRun(agent);
        int runs = 0;
        while (true) {
            Instant lastEnd = last == null ? null : last.windowEnd();
            if (lastEnd != null && !latest.isAfter(lastEnd)) {
                return runs;
            }
            Instant base = lastEnd == null ? first : lastEnd;
            boolean catchUp = Duration.between(base, latest).compareTo(settings.maxStep()) > 0;
            boolean due = catchUp || last == null || seen - last.failuresSeen() >= settings.newFailures()
                    || seen < last.failuresSeen() || !clock.instant().isBefore(last.ranAt().plus(settings.interval()));
            if (!due) {
                return runs;
            }
            last = runAt(agent, catchUp ? base.plus(settings.maxStep()) : latest, last, seen);
            runs++;
        }
    }

    ClusterRun lastRun(String agent) {
        Document stored = Mono.from(readModels.collection(RUNS).find(Filters.eq("_id", agent)).first()).block(timeout);
        return stored == null ? null : ClusterRun.from(stored);
    }

    /** Clusters an agent's window ending at {@code end}, starting from {@code previous}, and records what it found. */
    ClusterRun runAt(String agent, Instant end, ClusterRun previous, long failuresSeen) {
        long started = System.nanoTime();
        try {
            return clusterAt(agent, end, previous, failuresSeen);
        } finally {
            meters.clusteringRun(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ClusterRun clusterAt(String agent, Instant end, ClusterRun previous, long failuresSeen) {
        Instant from = end.minus(settings.window());
        List<StoredFailure> window = failures.window(agent, from, end, settings.maxFailures());
        Map<String, StoredFailure> byId = new HashMap<>(window.size() * 2);
        window.forEach(f -> byId.put(f.id(), f));
        FailureClusters before = previous == null ? null : previous.result();
        Set<String> taken = new HashSet<>(previous == null ? List.of() : previous.clusterIds());
        Input input = input(agent, window);
        FailureClusters result = new FailureClustering(clustering, ClusterMatcher.namingNewClusters(newIds(agent, end, taken)))
                .cluster(input.failures(), before, input.embeddingName());
        record(agent, end, result, previous, byId);
        result.clusters().forEach(c -> readModels.put(SNAPSHOTS, c.id(), snapshot(agent, end, c, byId)));
        ClusterRun run = new ClusterRun(agent, end, failuresSeen, clock.instant(), result);
        readModels.put(RUNS, agent, run.toDocument());
        failures.prune(agent, from, settings.window());
        log.info("Clustered {} failures of agent {} up to {}: {} clusters ({} new), {} noise", window.size(), agent, end,
                result.clusters().size(), result.changes().discovered().size(), result.noise().size());
        return run;
    }

    /** What a run clusters, and the name of the embeddings it carries. */
    record Input(List<Failure> failures, String embeddingName) {
    }

    /**
     * The window's failures with the vectors to cluster: the agent's own embeddings when every failure has one of
     * the same length; otherwise the configured model's vectors of their texts (computed here once, and kept in
     * {@link FailuresProjection#TEXT_EMBEDDINGS}, for the few the projection did not embed: candidates whose trace
     * failed since, failures stored under another model; {@value EmbeddingSettings#BACKFILL_AT_LEAST} or more at
     * once are a back-fill, run {@code backfill-batch-size} per model run); with the model off, their words.
     */
    Input input(String agent, List<StoredFailure> window) {
        int length = window.isEmpty() || window.get(0).embedding() == null ? -1 : window.get(0).embedding().length;
        boolean agentEmbedded = length > 0 && window.stream().allMatch(f -> f.embedding() != null && f.embedding().length == length);
        if (agentEmbedded || !embeddings.enabled()) {
            return new Input(window.stream().map(StoredFailure::toFailure).toList(), "agent");
        }
        String model = embeddings.model().wireName();
        List<StoredFailure> unembedded = window.stream().filter(f -> f.textEmbedding(model) == null).toList();
        Map<String, float[]> computed = failures.storedEmbeddings(unembedded.stream().map(StoredFailure::id).toList(), model);
        List<StoredFailure> missing = unembedded.stream().filter(f -> !computed.containsKey(f.id())).toList();
        boolean backfill = missing.size() >= EmbeddingSettings.BACKFILL_AT_LEAST;
        long start = System.nanoTime();
        for (int i = 0; i < missing.size(); i += EMBED_CHUNK) {
            List<StoredFailure> chunk = missing.subList(i, Math.min(missing.size(), i + EMBED_CHUNK));
            List<String> texts = chunk.stream().map(StoredFailure::text).toList();
            List<float[]> vectors = backfill ? embeddings.embedBackfill(texts) : embeddings.embed(texts);
            List<FailuresProjection.Kept> kept = new java.util.ArrayList<>(chunk.size());
            for (int k = 0; k < chunk.size(); k++) {
                kept.add(new FailuresProjection.Kept(chunk.get(k).id(), agent, chunk.get(k).at(), vectors.get(k)));
            }
            failures.storeEmbeddings(kept);
            for (int k = 0; k < chunk.size(); k++) {
                computed.put(chunk.get(k).id(), vectors.get(k));
            }
        }
        if (!missing.isEmpty()) {
            log.info("Embedded {} failures of {} the projection had not embedded with {} in {} ms{}", missing.size(),
                    agent, model, (System.nanoTime() - start) / 1_000_000, backfill ? " (a back-fill)" : "");
        }
        return new Input(window.stream().map(f -> f.toFailure(computed.getOrDefault(f.id(), f.textEmbedding(model))))
                .toList(), model);
    }

    static final int EMBED_CHUNK = 1_000;

    /** Ids of new clusters: a name-based UUID of the agent, the window's end and the cluster's smallest member. */
    static Function<ClusterMatcher.Candidate, String> newIds(String agent, Instant end, Set<String> taken) {
        return candidate -> {
            String name = agent + "|" + end + "|" + candidate.memberIds().get(0);
            String id = "fc-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
            for (int n = 2; taken.contains(id); n++) {
                id = "fc-" + UUID.nameUUIDFromBytes((name + "|" + n).getBytes(StandardCharsets.UTF_8));
            }
            taken.add(id);
            return id;
        };
    }

    private void record(String agent, Instant end, FailureClusters result, ClusterRun previous,
                        Map<String, StoredFailure> byId) {
        ClusterChanges changes = result.changes();
        Map<String, String> splitFrom = new HashMap<>();
        changes.splits().forEach(s -> s.intoIds().forEach(id -> splitFrom.put(id, s.fromId())));
        Instant dayAgo = end.minus(DAY);
        for (Cluster c : result.clusters()) {
            int last24h = (int) c.memberIds().stream().filter(id -> byId.get(id).at().isAfter(dayAgo)).count();
            send(new ObserveFailureCluster(c.id(), agent, label(c, byId), c.topTerms(), c.exemplarIds(), c.size(), last24h,
                    c.firstAt(), c.lastAt(), splitFrom.get(c.id()), settings.resolveAfter(), end));
        }
        Set<String> current = new HashSet<>(result.clusters().stream().map(Cluster::id).toList());
        for (ClusterChanges.Split split : changes.splits()) {
            send(new SplitFailureCluster(split.fromId(), agent, split.intoIds(), current.contains(split.fromId()), end));
        }
        for (ClusterChanges.Merge merge : changes.merges()) {
            merge.mergedIds().forEach(id -> send(new MergeFailureCluster(id, agent, merge.intoId(), end)));
        }
        changes.vanished().forEach(id -> send(new DissolveFailureCluster(id, agent, end)));
        Set<String> known = new HashSet<>(current);
        if (previous != null) {
            known.addAll(previous.clusterIds());
        }
        for (String orphan : activeClusters(agent, end)) {
            if (!known.contains(orphan)) {
                send(new DissolveFailureCluster(orphan, agent, end));
            }
        }
    }

    /**
     * The cluster's label; for failures without words (say, tasks not completed, nothing said), which cluster by
     * intent and tools alone, the most common of each.
     */
    static String label(Cluster c, Map<String, StoredFailure> byId) {
        if (!c.label().isBlank()) {
            return c.label();
        }
        List<StoredFailure> members = c.memberIds().stream().map(byId::get).toList();
        List<String> parts = new ArrayList<>();
        top(members.stream().map(StoredFailure::intent).toList()).stream().findFirst()
                .ifPresent(d -> parts.add(d.getString("value")));
        top(members.stream().flatMap(f -> f.tools().stream()).toList()).stream().findFirst()
                .ifPresent(d -> parts.add(d.getString("value")));
        return (parts.isEmpty() ? "" : String.join(", ", parts) + " ") + "(no text)";
    }

    /** Clusters of the agent the read model shows active and discovered by the window's end. */
    private List<String> activeClusters(String agent, Instant end) {
        return Flux.from(readModels.collection(FailureClusterProjection.CLUSTERS).find(Filters.and(
                        Filters.eq("agent_id", agent), Filters.eq("state", "active"),
                        Filters.lte("discovered_at", Date.from(end)))))
                .map(d -> d.getString("_id")).collectList().block(timeout);
    }

    private void send(Object command) {
        commands.sendAndWait(command, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Document snapshot(String agent, Instant end, Cluster c, Map<String, StoredFailure> byId) {
        List<StoredFailure> members = c.memberIds().stream().map(byId::get).toList();
        List<Document> exemplars = c.exemplarIds().stream().map(byId::get).map(f -> new Document("feedback_id", f.id())
                .append("timestamp", Date.from(f.at())).append("text", f.text())
                .append("intent_category", f.intent()).append("agent_version", f.agentVersion())).toList();
        return new Document("agent_id", agent).append("window_end", Date.from(end))
                .append("member_count", c.size()).append("member_ids", c.memberIds())
                .append("intents", top(members.stream().map(StoredFailure::intent).toList()))
                .append("agent_versions", top(members.stream().map(StoredFailure::agentVersion).toList()))
                .append("exemplars", exemplars);
    }

    /** The most frequent values, most frequent first (ties by value), blanks left out. */
    static List<Document> top(List<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).forEach(v -> counts.merge(v, 1L, Long::sum));
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return sorted.stream().limit(TOP_VALUES).map(e -> new Document("value", e.getKey()).append("count", e.getValue())).toList();
    }
}
