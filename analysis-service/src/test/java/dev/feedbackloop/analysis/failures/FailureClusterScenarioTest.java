package dev.feedbackloop.analysis.failures;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.analysis.clustering.SyntheticFailures;
import dev.feedbackloop.kernel.analysis.FailureClusterDiscovered;
import dev.feedbackloop.kernel.analysis.FailureClusterEvent;
import dev.feedbackloop.kernel.analysis.FailureClusterGrew;
import dev.feedbackloop.kernel.analysis.FailureClusterResolved;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A week of one agent's failures, clustered by the tracker on the embedded stores: the failure modes are discovered,
 * modes that stop are resolved after the silence, noise never forms a cluster of more than 20 failures a day,
 * clustering the same feedback again records nothing new, and rebuilding the read models gives the same ones.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=admin-secret-000000001",
                "platform.clustering.check-interval=1h", "platform.clustering.interval=1ms",
                "platform.monitor.evaluation-interval=1h"})
class FailureClusterScenarioTest {

    static final String AGENT = "cluster-bot";
    static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    static final Instant HALF_WAY = START.plus(Duration.ofHours(3 * 24 + 12));

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-failure-clusters").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;
    @Autowired
    FailureClusterTracker tracker;

    @Test
    void modesAreDiscoveredAndResolvedNoiseStaysSmallRerunsRecordNothingAndReadModelsRebuild() {
        FailureScenario scenario = new FailureScenario(AGENT, START, 11);
        long failures = scenario.publish(eventStore, START, HALF_WAY);
        awaitFailures(failures);
        assertThat(tracker.trackAll()).as("a back-fill of three and a half days, a day at a time").isEqualTo(4);
        ClusterRun halfWay = tracker.lastRun(AGENT);
        failures += scenario.publish(eventStore, HALF_WAY, START.plus(FailureScenario.SPAN));
        awaitFailures(failures);
        int runs = tracker.trackAll();
        ClusterRun last = tracker.lastRun(AGENT);
        List<FailureClusterEvent> events = clusterEvents();

        // every mode is found: one cluster holds at least 80 % of it, and nothing but failures is clustered
        Map<String, Map<Integer, Long>> composition = new HashMap<>();
        for (Document snapshot : all(FailureClusterTracker.SNAPSHOTS)) {
            List<String> members = snapshot.getList("member_ids", String.class);
            assertThat(members).allSatisfy(id -> assertThat(scenario.modeOf).containsKey(id));
            composition.put(snapshot.getString("_id"), members.stream()
                    .collect(Collectors.groupingBy(scenario.modeOf::get, Collectors.counting())));
        }
        Map<Integer, Long> modeSizes = scenario.modeOf.values().stream()
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        Map<Integer, String> clusterOfMode = new HashMap<>();
        for (int mode = 0; mode < 5; mode++) {
            int m = mode;
            String best = last.result().clusters().stream()
                    .max(java.util.Comparator.comparingLong(c -> composition.get(c.id()).getOrDefault(m, 0L)))
                    .orElseThrow().id();
            assertThat(composition.get(best).getOrDefault(m, 0L)).as("mode " + m)
                    .isGreaterThanOrEqualTo((long) (0.8 * modeSizes.get(m)));
            clusterOfMode.put(m, best);
        }
        assertThat(clusterOfMode.values()).doesNotHaveDuplicates();
        // feedback that failed only by its trace's assessment is clustered, mostly with its mode
        List<String> assessed = scenario.assessments.stream().map(a -> a.traceId().value().substring("tr-".length())).toList();
        java.util.Set<String> clustered = new java.util.HashSet<>(last.result().noise());
        last.result().clusters().forEach(c -> clustered.addAll(c.memberIds()));
        assertThat(clustered).containsAll(assessed);
        List<String> refunds = snapshot(clusterOfMode.get(0)).getList("member_ids", String.class);
        assertThat(assessed.stream().filter(refunds::contains).count()).isGreaterThanOrEqualTo((long) (0.8 * assessed.size()));

        // the mode that starts later is discovered after it starts
        FailureClusterDiscovered late = ofType(events, FailureClusterDiscovered.class).stream()
                .filter(d -> d.clusterId().equals(clusterOfMode.get(4))).findFirst().orElseThrow();
        assertThat(late.discoveredAt()).isAfter(START.plus(FailureScenario.STARTED));

        // the modes that stopped are resolved within a step of the 72 h of silence; the others are active
        for (int mode : List.of(2, 3)) {
            List<FailureClusterResolved> resolved = ofType(events, FailureClusterResolved.class).stream()
                    .filter(r -> r.clusterId().equals(clusterOfMode.get(mode))).toList();
            assertThat(resolved).as("mode " + mode).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(FailureClusterResolved.QUIET);
                assertThat(r.lastSeen()).isBefore(START.plus(FailureScenario.STOPPED));
                assertThat(r.at()).isAfterOrEqualTo(r.lastSeen().plus(Duration.ofHours(72)))
                        .isBefore(r.lastSeen().plus(Duration.ofHours(72 + 24)));
            });
        }
        for (int mode : List.of(0, 1, 4)) {
            String id = clusterOfMode.get(mode);
            assertThat(events).filteredOn(e -> e.clusterId().equals(id) && e instanceof FailureClusterResolved).isEmpty();
        }

        // noise never makes a cluster of more than 20 failures in 24 hours
        Map<String, Integer> largestDay = new HashMap<>();
        for (FailureClusterEvent e : events) {
            int day = e instanceof FailureClusterDiscovered d ? d.sizeLast24h() : e instanceof FailureClusterGrew g ? g.sizeLast24h() : 0;
            largestDay.merge(e.clusterId(), day, Math::max);
        }
        composition.forEach((id, modes) -> {
            long noise = modes.getOrDefault(SyntheticFailures.NOISE, 0L);
            if (2 * noise > modes.values().stream().mapToLong(Long::longValue).sum()) {
                assertThat(largestDay.get(id)).as("noise cluster " + id).isLessThanOrEqualTo(20);
            }
        });

        // the rule on clustered_failures (more than 20 in 24 h) is met once for each cluster that got there, and so
        // never for a noise cluster
        List<String> overTwenty = largestDay.entrySet().stream().filter(e -> e.getValue() > 20).map(Map.Entry::getKey).toList();
        assertThat(overTwenty).isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(eventStore
                .readEvents(dev.feedbackloop.kernel.common.Streams.agentMonitor(AGENT)).asStream()
                .map(m -> m.getPayload()).filter(p -> p instanceof dev.feedbackloop.kernel.analysis.TriggerConditionMet met
                        && met.rule().equals("new_failure_cluster"))
                .map(p -> ((dev.feedbackloop.kernel.analysis.TriggerConditionMet) p).scope().get("cluster_id")).toList())
                .containsExactlyInAnyOrderElementsOf(overTwenty));

        // a run repeated from the same state (as after a crash before it was saved) records nothing and names alike
        readModels.put(FailureClusterTracker.RUNS, AGENT, halfWay.toDocument());
        assertThat(tracker.trackAll()).isEqualTo(runs);
        assertThat(clusterEvents()).isEqualTo(events);
        ClusterRun again = tracker.lastRun(AGENT);
        assertThat(again.windowEnd()).isEqualTo(last.windowEnd());
        assertThat(again.result().clusters()).extracting(c -> c.id() + c.memberIds())
                .isEqualTo(last.result().clusters().stream().map(c -> c.id() + c.memberIds()).toList());
        // and with nothing new there is nothing to run
        assertThat(tracker.trackAll()).isZero();

        // the read models rebuild from the event store to the same documents
        List<String> collections = List.of(FailureClusterProjection.CLUSTERS, FailuresProjection.FAILURES,
                FailuresProjection.CANDIDATES, FailuresProjection.FAILING_TRACES, FailuresProjection.WATERMARKS);
        await().atMost(Duration.ofSeconds(60)).until(() -> all(FailureClusterProjection.CLUSTERS).stream()
                .mapToInt(d -> d.getList("history", Document.class).size()).sum() == events.size());
        Map<String, List<Document>> live = collections.stream().collect(Collectors.toMap(c -> c, this::all));
        assertThat(live.get(FailureClusterProjection.CLUSTERS)).hasSize(ofType(events, FailureClusterDiscovered.class).size());
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer admin-secret-000000001").build();
        for (String projection : List.of(FailureClusterProjection.PROCESSING_GROUP, FailuresProjection.PROCESSING_GROUP)) {
            admin.post().uri("/api/v1/admin/projections/{name}/reset", projection).exchange().expectStatus().is2xxSuccessful();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                collections.forEach(c -> assertThat(all(c)).as(c).isEqualTo(live.get(c))));
    }

    private List<Document> all(String collection) {
        return Flux.from(readModels.collection(collection).find().sort(new Document("_id", 1))).collectList()
                .block(Duration.ofSeconds(30));
    }

    private Document snapshot(String clusterId) {
        return Mono.from(readModels.collection(FailureClusterTracker.SNAPSHOTS).find(Filters.eq("_id", clusterId)).first())
                .block(Duration.ofSeconds(10));
    }

    private static <T> List<T> ofType(List<FailureClusterEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void awaitFailures(long failures) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Document w = Mono.from(readModels.collection(FailuresProjection.WATERMARKS).find(Filters.eq("_id", AGENT)).first())
                    .block(Duration.ofSeconds(10));
            return w != null && ((Number) w.get("failures")).longValue() == failures;
        });
    }

    private List<FailureClusterEvent> clusterEvents() {
        List<FailureClusterEvent> out = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                if (stream.nextAvailable().getPayload() instanceof FailureClusterEvent e) {
                    out.add(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }
}
