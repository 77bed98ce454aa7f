package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.analysis.DriftDetected;
import dev.feedbackloop.kernel.analysis.DriftMeasured;
import dev.feedbackloop.kernel.analysis.DriftResolved;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three weeks of history back-filled at once, with a degradation and a drift injected at known event times: the
 * monitors record exactly the expected incidents at exactly the expected event times (hourly rules and the
 * minute-stepped alerts alike), and rebuilding every read model from the event store gives the same read models.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ml=analytics:read=reader-secret-00000001;ops=admin=admin-secret-000000001",
                "platform.monitor.evaluation-interval=1s",
                // failure modes have tests of their own; here they would add clustered_failures conditions
                "platform.clustering.enabled=false"})
class MonitorScenarioTest {

    static final String AGENT = "scenario-bot";
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant DEGRADED_FROM = day(9);
    static final Instant DEGRADED_UNTIL = day(10).plus(Duration.ofHours(6));
    static final Instant DRIFT_FROM = day(14);
    static final Instant LAST_EVALUATION = day(21).minus(Duration.ofHours(1));

    static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    /** Hours after the degradation began. */
    static Instant hours(int n) {
        return DEGRADED_FROM.plus(Duration.ofHours(n));
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-scenario").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;

    @Test
    void aBackFilledHistoryYieldsExactlyTheInjectedIncidentsAtTheirEventTimesAndRebuildsIdentically() {
        ScenarioFeedback scenario = new ScenarioFeedback(AGENT, START, Duration.ofDays(21), DEGRADED_FROM,
                DEGRADED_UNTIL, DRIFT_FROM);
        List<FeedbackSubmitted> history = scenario.generate();
        for (int i = 0; i < history.size(); i += 1000) {
            List<DomainEventMessage<?>> chunk = new ArrayList<>();
            history.subList(i, Math.min(history.size(), i + 1000)).forEach(e ->
                    chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
            eventStore.publish(chunk);
        }

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                monitorEvents().stream().filter(e -> e instanceof DriftMeasured m && m.evaluatedAt().equals(LAST_EVALUATION))
                        .count() == 1 && minutesEvaluatedPast(DEGRADED_UNTIL.plus(Duration.ofHours(12))));
        List<Object> events = monitorEvents();

        // every hour evaluated exactly once, in order
        List<Instant> evaluated = events.stream().filter(e -> e instanceof DriftMeasured)
                .map(e -> ((DriftMeasured) e).evaluatedAt()).toList();
        assertThat(evaluated).hasSize(21 * 24 - 1).isSorted().doesNotHaveDuplicates();
        assertThat(evaluated.get(0)).isEqualTo(START.plus(Duration.ofHours(1)));

        // the degradation: both performance rules, met once they held for a day, cleared the first hour they stop.
        // performance_degradation reads 6 h windows: below 80 % from the third bad hour, so met 23 hours later;
        // performance_drop reads a day against the week before: more than 5 % down from the fourth bad hour.
        Map<String, String> agentScope = Map.of("agent_id", AGENT);
        Map<String, List<Instant>> expected = Map.of(
                "performance_degradation", List.of(hours(26), hours(3), hours(34)),
                "performance_drop", List.of(hours(27), hours(4), hours(48)));
        expected.forEach((rule, times) -> {
            List<TriggerConditionMet> met = ofType(events, TriggerConditionMet.class).stream()
                    .filter(m -> m.rule().equals(rule)).toList();
            assertThat(met).as(rule).hasSize(1);
            assertThat(met.get(0).scope()).isEqualTo(agentScope);
            assertThat(met.get(0).at()).as(rule).isEqualTo(times.get(0));
            assertThat(met.get(0).since()).as(rule).isEqualTo(times.get(1));
            assertThat(met.get(0).value()).isEqualTo(0.6);
            List<TriggerConditionCleared> cleared = ofType(events, TriggerConditionCleared.class).stream()
                    .filter(c -> c.rule().equals(rule)).toList();
            assertThat(cleared).as(rule).hasSize(1);
            assertThat(cleared.get(0).at()).as(rule).isEqualTo(times.get(2));
        });
        // and the alert matrix's task-success levels, minute by minute over six hours, as the feedback says
        TaskSuccessReference reference = new TaskSuccessReference(history, START, START.plus(Duration.ofDays(21)));
        Map.of("low_task_success", 0.9, "task_success_collapse", 0.8).forEach((rule, below) -> {
            List<Instant> transitions = reference.transitions(360, 200, below, 30);
            assertThat(transitions).as(rule).hasSize(2);
            List<Instant> recorded = events.stream().filter(e -> e instanceof TriggerConditionMet m && m.rule().equals(rule)
                            || e instanceof TriggerConditionCleared c && c.rule().equals(rule))
                    .map(e -> e instanceof TriggerConditionMet m ? m.at() : ((TriggerConditionCleared) e).at()).toList();
            assertThat(recorded).as(rule).isEqualTo(transitions);
        });

        // the drift: only the intent mix drifts, detected once within hours of the change, with its rule
        List<DriftDetected> detected = ofType(events, DriftDetected.class);
        assertThat(detected).extracting(DriftDetected::feature).containsExactly("intent_category");
        assertThat(detected.get(0).evaluatedAt()).isAfter(DRIFT_FROM).isBefore(DRIFT_FROM.plus(Duration.ofHours(6)));
        List<TriggerConditionMet> driftRule = ofType(events, TriggerConditionMet.class).stream()
                .filter(m -> m.rule().equals("drift_detection")).toList();
        assertThat(driftRule).hasSize(1);
        assertThat(driftRule.get(0).at()).isEqualTo(detected.get(0).evaluatedAt());
        assertThat(driftRule.get(0).scope()).containsEntry("feature", "intent_category");
        List<DriftResolved> resolved = ofType(events, DriftResolved.class);
        assertThat(resolved).allSatisfy(r -> assertThat(r.evaluatedAt()).isAfter(detected.get(0).evaluatedAt()));
        assertThat(resolved).hasSizeLessThanOrEqualTo(1);

        // nothing else was met
        assertThat(ofType(events, TriggerConditionMet.class)).extracting(TriggerConditionMet::rule)
                .containsExactlyInAnyOrder("performance_degradation", "performance_drop", "drift_detection",
                        "low_task_success", "task_success_collapse");

        // a rebuild from the event store gives the same read models
        List<String> collections = List.of("metrics_hourly", "features_hourly", "agent_watermarks", "analysis_feedback",
                "agents", "drift_features", "drift_history", "conditions");
        await().atMost(Duration.ofSeconds(60)).until(() -> snapshot("conditions").size() == 5
                && snapshot("drift_history").size() == evaluated.size() * featuresPerEvaluation(events));
        Map<String, List<Document>> live = collections.stream().collect(Collectors.toMap(c -> c, this::snapshot));
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader("Authorization", "Bearer admin-secret-000000001").build();
        for (String projection : List.of("analysis-metrics", "analysis-agent-catalog", "analysis-monitors",
                "analysis-feedback-search")) {
            admin.post().uri("/api/v1/admin/projections/{name}/reset", projection).exchange().expectStatus().is2xxSuccessful();
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                collections.forEach(c -> assertThat(snapshot(c)).as(c).isEqualTo(live.get(c))));
    }

    private static long featuresPerEvaluation(List<Object> events) {
        return events.stream().filter(e -> e instanceof DriftMeasured).map(e -> ((DriftMeasured) e).features().size())
                .reduce((a, b) -> a).orElse(0);
    }

    private List<Document> snapshot(String collection) {
        return Flux.from(readModels.collection(collection).find().sort(new Document("_id", 1)))
                .map(d -> {
                    d.remove("last_applied_at");
                    // which events a counted document holds is told by tokens, which depend on the delivery order
                    d.remove(ReadModelWriter.POSITION_FIELD);
                    d.remove(ReadModelWriter.GAPS_FIELD);
                    d.remove(ReadModelWriter.EVENTS_FIELD);
                    return d;
                })
                .collectList().block(Duration.ofSeconds(30));
    }

    private boolean minutesEvaluatedPast(Instant t) {
        Document progress = reactor.core.publisher.Mono.from(readModels.collection(MonitorEvaluator.PROGRESS)
                .find(new Document("_id", AGENT)).first()).block(Duration.ofSeconds(30));
        return progress != null && progress.getDate(MonitorEvaluator.FEEDBACK_MINUTES) != null
                && progress.getDate(MonitorEvaluator.FEEDBACK_MINUTES).toInstant().isAfter(t);
    }

    private List<Object> monitorEvents() {
        List<Object> out = new ArrayList<>();
        eventStore.readEvents(dev.feedbackloop.kernel.common.Streams.agentMonitor(AGENT)).asStream().map(EventMessage::getPayload).forEach(out::add);
        return out;
    }

    private static <T> List<T> ofType(List<Object> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
