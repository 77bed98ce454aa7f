package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.kernel.rules.RuleBook;
import dev.feedbackloop.kernel.rules.RuleCondition;
import dev.feedbackloop.kernel.rules.TriggerRule;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every default automated trigger fires for a quiet agent: ten feedback an hour, not the twenty an hour the old
 * rules asked for. Over twelve days its intents shift (drift), thirty alike complaints about refunds arrive within
 * hours (a failure mode), a bad day and a half follows (success falls to 35 %, mostly on billing), and a model
 * version is released.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=triggers:manage,analytics:read=manager-secret-0000001",
                "platform.monitor.evaluation-interval=500ms",
                "platform.clustering.check-interval=2s",
                "platform.clustering.interval=1ms"})
class QuietAgentRulesTest {

    static final String AGENT = "quiet-agent";
    static final Instant START = Instant.parse("2026-10-20T00:00:00Z");
    static final Instant DRIFT = day(7);
    static final Instant BAD_FROM = day(9).plus(Duration.ofHours(12));
    static final Instant BAD_UNTIL = day(11);
    static final Instant END = day(12);

    static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-quiet-agent").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    RuleBook rules;

    static List<FeedbackSubmitted> feedback() {
        Random r = new Random(3);
        List<FeedbackSubmitted> out = new ArrayList<>();
        int g = 0;
        for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
            boolean bad = !hour.isBefore(BAD_FROM) && hour.isBefore(BAD_UNTIL);
            for (int i = 0; i < 10; i++, g++) {
                Instant at = hour.plus(Duration.ofMinutes(6L * i + r.nextInt(5)));
                String intent = bad ? (i < 8 ? "billing" : "cancellation")
                        : !at.isBefore(DRIFT) ? (i < 2 ? "billing" : i < 5 ? "refunds" : i < 6 ? "shipping" : "cancellation")
                        : (i < 6 ? "billing" : i < 9 ? "refunds" : "shipping");
                boolean completed = r.nextDouble() < (bad ? 0.35 : 0.92);
                out.add(feedback(AGENT + "-" + g, at, intent, completed, null, null));
            }
        }
        // thirty alike complaints about refunds within six hours, each with the user's correction
        String[] items = {"shoes", "laptop", "jacket", "headphones", "blender", "camera"};
        String[] states = {"was never processed", "is still pending", "never arrived", "has not come through"};
        for (int i = 0; i < 30; i++) {
            Instant at = day(5).plus(Duration.ofMinutes(12L * i));
            out.add(feedback(AGENT + "-c" + i, at, "refunds", false,
                    "my refund for the " + items[r.nextInt(items.length)] + " " + states[r.nextInt(states.length)],
                    "Refund for order " + (4000 + i) + " was initiated; refunds take five business days"));
        }
        out.sort(java.util.Comparator.comparing(FeedbackSubmitted::timestamp));
        return out;
    }

    static FeedbackSubmitted feedback(String id, Instant at, String intent, boolean completed, String comment,
                                      String correction) {
        return new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), at, "u-" + id.hashCode() % 200, "s-" + id,
                new ExplicitFeedback(completed ? 5 : 1, completed ? null : Thumbs.DOWN, comment, correction),
                new ImplicitSignals(completed, false, 1500L, 0, false),
                new FeedbackMetadata(AGENT, "1.0", intent, List.of(), Map.of(), Map.of()), "fp-" + id, at.plusMillis(20));
    }

    @Test
    void everyDefaultAutomatedTriggerFiresForAnAgentWithTenFeedbackAnHour() {
        List<FeedbackSubmitted> history = feedback();
        for (int i = 0; i < history.size(); i += 500) {
            List<DomainEventMessage<?>> chunk = new ArrayList<>();
            history.subList(i, Math.min(history.size(), i + 500)).forEach(e ->
                    chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
            eventStore.publish(chunk);
        }
        WebTestClient manager = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).defaultHeader("Authorization", "Bearer manager-secret-0000001").build();
        manager.post().uri("/api/v1/models/{a}/versions", AGENT).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"version\": \"2.0.0\", \"released_at\": \"2026-10-30T12:00:00Z\"}").exchange()
                .expectStatus().isCreated();

        // the rules on a canary release's decisions need a release; CanaryReleaseEndToEndTest covers them
        Set<String> triggers = new TreeSet<>(rules.rules().stream().filter(r -> !r.isAlert())
                .filter(r -> !r.condition().isEvent() || r.condition().event().equals(RuleCondition.MODEL_VERSION_RELEASED))
                .map(TriggerRule::name).toList());
        assertThat(triggers).hasSize(6);
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(metRules()).containsAll(triggers));
        List<TriggerConditionMet> met = met();
        // the degradation and the drop are met within a day and a half of the bad day's start, never before it
        for (String rule : List.of("performance_degradation", "performance_drop")) {
            TriggerConditionMet m = met.stream().filter(e -> e.rule().equals(rule)).findFirst().orElseThrow();
            assertThat(m.at()).as(rule).isAfter(BAD_FROM).isBefore(BAD_FROM.plus(Duration.ofHours(36)));
            assertThat(m.since()).as(rule).isAfterOrEqualTo(BAD_FROM);
        }
        assertThat(met.stream().filter(e -> e.rule().equals("feedback_threshold")).findFirst().orElseThrow().scope())
                .containsEntry("intent_category", "billing");
        assertThat(met.stream().filter(e -> e.rule().equals("drift_detection")).findFirst().orElseThrow().at())
                .isAfter(DRIFT).isBefore(DRIFT.plus(Duration.ofHours(24)));
    }

    List<TriggerConditionMet> met() {
        List<TriggerConditionMet> out = new ArrayList<>();
        eventStore.readEvents(Streams.agentMonitor(AGENT)).asStream().map(EventMessage::getPayload)
                .filter(e -> e instanceof TriggerConditionMet).forEach(e -> out.add((TriggerConditionMet) e));
        return out;
    }

    Set<String> metRules() {
        Set<String> out = new TreeSet<>();
        met().forEach(m -> out.add(m.rule()));
        return out;
    }
}
