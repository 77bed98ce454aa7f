package dev.feedbackloop.improvement.judges;

import dev.feedbackloop.kernel.common.IsoWeeks;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.cycle.JudgeAgreementDropped;
import dev.feedbackloop.kernel.cycle.JudgeAgreementMeasured;
import dev.feedbackloop.kernel.feedback.AssessmentDeleted;
import dev.feedbackloop.kernel.feedback.AssessmentField;
import dev.feedbackloop.kernel.feedback.AssessmentUpdated;
import dev.feedbackloop.kernel.feedback.AssessmentId;
import dev.feedbackloop.kernel.feedback.AssessmentLogged;
import dev.feedbackloop.kernel.feedback.AssessmentSource;
import dev.feedbackloop.kernel.feedback.AssessmentSourceType;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.testing.TestDatabases;
import dev.feedbackloop.improvement.ImprovementServiceApplication;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two past weeks of human and LLM-judge assessments of the same traces, on the embedded stores: agreement high in
 * the first (kappa 0.899749), low in the second (0.2). One tracker run records both weeks and the drop, and the API
 * lists the weeks newest first. The ticket a drop opens is the trigger service's (WorkItemsApiTest).
 */
@SpringBootTest(classes = ImprovementServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ml=analytics:read=reader-secret-00000001",
                "platform.judges.check-interval=1h"})
class JudgeAgreementScenarioTest {

    static final String NAME = "correctness";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("improvement-judges").toString());
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    JudgeAgreementTracker tracker;
    @Autowired
    JudgePairsProjection pairs;
    @Autowired
    Clock clock;

    private final List<DomainEventMessage<?>> events = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private int ids;

    @Test
    void aDropOfAgreementIsRecordedOnce() {
        Instant thisWeek = IsoWeeks.start(IsoWeeks.of(clock.instant()));
        Instant a = thisWeek.minus(Duration.ofDays(21)).plus(Duration.ofHours(30));
        Instant b = thisWeek.minus(Duration.ofDays(14)).plus(Duration.ofHours(30));
        String weekA = IsoWeeks.of(a);
        String weekB = IsoWeeks.of(b);

        // week A: 20 both pass, 18 both fail, 2 disagreements: po .95, pe (21/40)² + (19/40)² = .50125, kappa .899749
        // a human assessment renamed in place (MLflow's update_assessment) leaves the pair of its old name: were the
        // update ignored, there would be 82 pairs and week B's kappa would not be .2
        logged("b-renamed", "j-1", AssessmentSourceType.LLM_JUDGE, false, b, null);
        logged("b-renamed", "h-1", AssessmentSourceType.HUMAN, "yes", b.plusSeconds(60), null);
        append("b-renamed", new AssessmentUpdated(TraceId.of("b-renamed"), AssessmentId.of("h-1"),
                Set.of(AssessmentField.NAME), "tone", null, null, null, null, null, b.plusSeconds(120)));
        for (int i = 0; i < 40; i++) {
            boolean judge = i < 20 || i == 38;
            boolean human = i < 20 || i == 39;
            pair("a-" + i, judge, a.plusSeconds(60L * i), human, a.plusSeconds(60L * i + 3600), false);
        }
        // week B: 12 both pass, 12 both fail, 16 disagreements (8 of them a human overriding the judge):
        // po .6, pe .5, kappa .2. Trace b-0's judge spoke in week A: the pair is complete, so counts, in week B.
        for (int i = 0; i < 40; i++) {
            boolean judge = i < 12 || (i >= 24 && i < 32);
            boolean human = i < 12 || i >= 32;
            Instant judgedAt = i == 0 ? a : b.plusSeconds(60L * i);
            pair("b-" + i, judge, judgedAt, human, b.plusSeconds(60L * i + 3600), i >= 24 && i < 32);
        }
        // a human assessment deleted leaves its trace unpaired; a code assessment is no rater
        logged("b-deleted", "j-1", AssessmentSourceType.LLM_JUDGE, true, b, null);
        logged("b-deleted", "h-1", AssessmentSourceType.HUMAN, "yes", b.plusSeconds(60), null);
        append("b-deleted", new AssessmentDeleted(TraceId.of("b-deleted"), AssessmentId.of("h-1"), null, b.plusSeconds(120)));
        logged("b-code", "j-1", AssessmentSourceType.LLM_JUDGE, true, b, null);
        logged("b-code", "c-1", AssessmentSourceType.CODE, true, b.plusSeconds(60), null);
        // this week is not complete: its pair waits
        pair("now-0", true, thisWeek.plusSeconds(1), false, thisWeek.plusSeconds(2), false);
        eventStore.publish(events);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> pairs.pairs().size() == 81);

        assertThat(tracker.trackAll()).isEqualTo(2);

        List<Object> recorded = eventStore.readEvents(Streams.judgeAgreement(NAME)).asStream()
                .map(EventMessage::getPayload).map(Object.class::cast).toList();
        assertThat(recorded).containsExactly(
                new JudgeAgreementMeasured(NAME, weekA, 0.899749, 40, IsoWeeks.end(weekA)),
                new JudgeAgreementMeasured(NAME, weekB, 0.2, 40, IsoWeeks.end(weekB)),
                new JudgeAgreementDropped(NAME, weekB, 0.2, 0.899749, IsoWeeks.end(weekB)));

        WebTestClient reader = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).defaultHeader("Authorization", "Bearer reader-secret-00000001")
                .build();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                reader.get().uri("/api/v1/judges/agreement?assessment={n}", NAME).exchange().expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.weeks.length()").isEqualTo(2)
                        .jsonPath("$.weeks[0].assessment_name").isEqualTo(NAME)
                        .jsonPath("$.weeks[0].week").isEqualTo(weekB)
                        .jsonPath("$.weeks[0].kappa").isEqualTo(0.2)
                        .jsonPath("$.weeks[0].pairs").isEqualTo(40)
                        .jsonPath("$.weeks[0].dropped").isEqualTo(true)
                        .jsonPath("$.weeks[0].previous_kappa").isEqualTo(0.899749)
                        .jsonPath("$.weeks[0].measured_at").isEqualTo(IsoWeeks.end(weekB).toString())
                        .jsonPath("$.weeks[1].week").isEqualTo(weekA)
                        .jsonPath("$.weeks[1].kappa").isEqualTo(0.899749)
                        .jsonPath("$.weeks[1].dropped").isEqualTo(false));
        reader.get().uri("/api/v1/judges/agreement?limit=1").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.weeks.length()").isEqualTo(1).jsonPath("$.weeks[0].week").isEqualTo(weekB);
        reader.get().uri("/api/v1/judges/agreement?assessment=other").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.weeks.length()").isEqualTo(0);
        reader.get().uri("/api/v1/judges/agreement?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/judges/agreement").exchange().expectStatus().isUnauthorized();

        // the read model has both weeks now: a second run finds nothing new
        assertThat(tracker.trackAll()).isZero();
        assertThat(eventStore.readEvents(Streams.judgeAgreement(NAME)).asStream().count()).isEqualTo(3);
    }

    /** A judge's and a human's assessment of one trace; the human's overrides the judge's when {@code overrides}. */
    private void pair(String trace, boolean judge, Instant judgedAt, boolean human, Instant humanAt, boolean overrides) {
        logged(trace, "j-" + trace, AssessmentSourceType.LLM_JUDGE, judge, judgedAt, null);
        logged(trace, "h-" + trace, AssessmentSourceType.HUMAN, human ? "yes" : "no", humanAt,
                overrides ? "j-" + trace : null);
    }

    private void logged(String trace, String id, AssessmentSourceType source, Object value, Instant at, String overrides) {
        append(trace, new AssessmentLogged(TraceId.of(trace), AssessmentId.of(id), NAME, value,
                new AssessmentSource(source, source.name().toLowerCase() + "-" + (++ids)), null, Map.of(),
                overrides == null ? null : AssessmentId.of(overrides), at));
    }

    private void append(String trace, Object event) {
        String stream = Streams.trace(trace);
        long sequence = sequences.merge(stream, 1L, Long::sum) - 1;
        events.add(new GenericDomainEventMessage<>("TraceAssessments", stream, sequence, event));
    }
}
