package dev.feedbackloop.analysis.monitor;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ImplicitSignals;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert matrix of 21.3.2 with the shipped defaults, at minute resolution, in event time: ten days of an agent's
 * interactions (through the test double of the operational metrics) with injected error, latency, guardrail and
 * cost incidents, and a day of its feedback with a drop in task success. Each alert is met at the event time its
 * definition gives and cleared when its metric recovers. The same data played live, step by step, gives the same
 * condition events at the same event times as the back-fill.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, properties = {"platform.monitor.evaluation-interval=500ms",
        // played live, an agent waits for its next step of data: it must not count as idle meanwhile
        "platform.monitor.idle-after=1h",
        "platform.clustering.enabled=false"})
@Import(AlertMatrixScenarioTest.Interactions.class)
class AlertMatrixScenarioTest {

    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant D8 = day(8);
    static final Instant D9 = day(9);
    static final Instant E1 = D9.plus(Duration.ofHours(2));
    static final Instant E2 = D9.plus(Duration.ofHours(3));
    static final Instant L1 = D9.plus(Duration.ofHours(4));
    static final Instant L2 = D9.plus(Duration.ofHours(5));
    static final Instant G1 = D9.plus(Duration.ofHours(6));
    static final Instant G2 = D9.plus(Duration.ofHours(7));
    /** Task success drops to 70 % for four hours from here. */
    static final Instant S1 = D9.plus(Duration.ofHours(12));
    static final List<String> MINUTE_ALERTS = List.of("elevated_error_rate", "high_error_rate", "slow_responses",
            "latency_degradation", "guardrail_activity", "safety_concern");

    static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    static Instant min(Instant t, int minutes) {
        return t.plus(Duration.ofMinutes(minutes));
    }

    static boolean within(Instant m, Instant from, int minutes) {
        return !m.isBefore(from) && m.isBefore(min(from, minutes));
    }

    /** 100 interactions a minute, $60 an hour, 800 ms; and the incidents. */
    static SyntheticInteractions.Minute shape(Instant m) {
        long errors = within(m, E1, 20) ? 3 : within(m, E2, 20) ? 8 : 0;
        long latency = within(m, L1, 30) ? 4000 : within(m, L2, 30) ? 6000 : 800;
        long guardrails = within(m, G1, 5) ? 15 : within(m, G2, 5) ? 60 : 0;
        long cost = !m.isBefore(D8) && m.isBefore(D9) ? 25_000 : 10_000;
        return new SyntheticInteractions.Minute(100, errors, latency, guardrails, cost);
    }

    @TestConfiguration
    static class Interactions {
        @Bean
        @org.springframework.context.annotation.Primary
        SyntheticInteractions interactions() {
            return new SyntheticInteractions();
        }
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-alert-matrix").toString());
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;
    @Autowired
    SyntheticInteractions interactions;

    /** A day of feedback, one a minute from D9: 95 % complete, 70 % for four hours from S1. */
    static List<FeedbackSubmitted> feedback(String agent) {
        List<FeedbackSubmitted> out = new ArrayList<>();
        for (int g = 0; g < 24 * 60; g++) {
            Instant at = min(D9, g).plusSeconds(7);
            boolean bad = !at.isBefore(S1) && at.isBefore(S1.plus(Duration.ofHours(4)));
            boolean completed = bad ? g % 10 < 7 : g % 20 != 0;
            String id = agent + "-" + g;
            out.add(new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), at, "u" + g % 300, "s" + g,
                    new ExplicitFeedback(completed ? 5 : 3, null, null, null),
                    new ImplicitSignals(completed, false, 1000L, 0, false),
                    new FeedbackMetadata(agent, "1.0", "billing", List.of(), Map.of(), Map.of()), "fp-" + id,
                    at.plusMillis(20)));
        }
        return out;
    }

    void publish(List<FeedbackSubmitted> feedback) {
        for (int i = 0; i < feedback.size(); i += 500) {
            List<DomainEventMessage<?>> chunk = new ArrayList<>();
            feedback.subList(i, Math.min(feedback.size(), i + 500)).forEach(e ->
                    chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
            eventStore.publish(chunk);
        }
    }

    @Test
    void everyAlertOfTheMatrixIsMetAtItsEventTimeAndClearsAndLiveGivesWhatTheBackFillGives() {
        interactions.backFill("ops-bot", START, day(10), AlertMatrixScenarioTest::shape);
        List<FeedbackSubmitted> feedback = feedback("ops-bot");
        publish(feedback);
        interactions.live("ops-live", D9.plus(Duration.ofHours(1)), D9.plus(Duration.ofHours(9)),
                AlertMatrixScenarioTest::shape);

        // live: the interactions arrive twenty minutes at a time, each step evaluated before the next arrives
        for (Instant visible = min(D9.plus(Duration.ofHours(1)), 20); !visible.isAfter(D9.plus(Duration.ofHours(9)));
             visible = min(visible, 20)) {
            interactions.showUpTo("ops-live", visible);
            Instant expected = visible.minus(Duration.ofMinutes(6));
            await().atMost(Duration.ofMinutes(2)).until(() -> progress("ops-live", MonitorEvaluator.INTERACTION_MINUTES)
                    .map(p -> !p.isBefore(expected)).orElse(false));
        }
        // live feedback: an hour at a time, each evaluated before the next
        List<FeedbackSubmitted> liveFeedback = feedback("fb-live");
        for (int h = 0; h < 24; h++) {
            publish(liveFeedback.subList(h * 60, (h + 1) * 60));
            Instant expected = min(D9, (h + 1) * 60 - 6);
            await().atMost(Duration.ofMinutes(2)).until(() -> progress("fb-live", MonitorEvaluator.FEEDBACK_MINUTES)
                    .map(p -> !p.isBefore(expected)).orElse(false));
        }
        await().atMost(Duration.ofMinutes(4)).until(() -> progress("ops-bot", MonitorEvaluator.INTERACTION_MINUTES)
                .map(p -> p.isAfter(D9.plus(Duration.ofHours(12)))).orElse(false)
                && progress("ops-bot", MonitorEvaluator.FEEDBACK_MINUTES)
                .map(p -> p.isAfter(S1.plus(Duration.ofHours(9)))).orElse(false)
                && progress("ops-bot", MonitorEvaluator.INTERACTION_HOURS)
                .map(p -> p.isAfter(D9.plus(Duration.ofHours(14)))).orElse(false));

        List<Object> events = monitorEvents("ops-bot");
        // errors: 3 % for 20 minutes is a warning; 8 % for 20 minutes a warning and a critical alert
        assertMet(events, "elevated_error_rate", List.of(min(E1, 5), min(E2, 5)), List.of(min(E1, 1), min(E2, 1)));
        assertCleared(events, "elevated_error_rate", List.of(min(E1, 21), min(E2, 21)));
        assertMet(events, "high_error_rate", List.of(min(E2, 5)), List.of(min(E2, 1)));
        assertCleared(events, "high_error_rate", List.of(min(E2, 21)));
        assertThat(met(events, "high_error_rate").get(0).value()).isEqualTo(0.08);
        assertThat(met(events, "high_error_rate").get(0).severity()).isEqualTo("critical");
        assertThat(met(events, "elevated_error_rate").get(0).severity()).isEqualTo("warning");
        // latency: p95 of 4 s for half an hour is a warning, of 6 s a critical alert (each held 10 minutes)
        assertMet(events, "slow_responses", List.of(min(L1, 10), min(L2, 10)), List.of(min(L1, 1), min(L2, 1)));
        assertCleared(events, "slow_responses", List.of(min(L1, 31), min(L2, 31)));
        assertMet(events, "latency_degradation", List.of(min(L2, 10)), List.of(min(L2, 1)));
        assertCleared(events, "latency_degradation", List.of(min(L2, 31)));
        assertThat(met(events, "latency_degradation").get(0).value()).isBetween(6000 * 0.955, 6000 * 1.045);
        // guardrails: 15 a minute for five minutes is a warning, 60 a minute a safety concern (each held 2 minutes)
        assertMet(events, "guardrail_activity", List.of(min(G1, 2), min(G2, 2)), List.of(min(G1, 1), min(G2, 1)));
        assertCleared(events, "guardrail_activity", List.of(min(G1, 6), min(G2, 6)));
        assertMet(events, "safety_concern", List.of(min(G2, 2)), List.of(min(G2, 1)));
        assertCleared(events, "safety_concern", List.of(min(G2, 6)));
        assertThat(met(events, "safety_concern").get(0).value()).isEqualTo(60.0);
        // cost: 2.5 times the usual for a day, read over the last day against the week before, hour by hour
        assertMet(events, "cost_increase", List.of(D8.plus(Duration.ofHours(9))), List.of(D8.plus(Duration.ofHours(9))));
        assertThat(met(events, "cost_increase").get(0).value()).isEqualTo(93.75);
        assertThat(met(events, "cost_increase").get(0).baseline()).isEqualTo(60.0);
        assertThat(met(events, "cost_increase").get(0).threshold()).isEqualTo("> 1.5x baseline");
        assertMet(events, "cost_surge", List.of(D8.plus(Duration.ofHours(17))), List.of(D8.plus(Duration.ofHours(17))));
        assertThat(met(events, "cost_surge").get(0).value()).isEqualTo(123.75);
        // once the expensive day leaves the window (while entering the baseline): ratio 1.94 at 07:00, 1.44 at 14:00
        assertCleared(events, "cost_surge", List.of(D9.plus(Duration.ofHours(7))));
        assertCleared(events, "cost_increase", List.of(D9.plus(Duration.ofHours(14))));
        // task success, from the feedback itself: below 90 % and below 80 % over six hours, each held half an hour
        TaskSuccessReference reference = new TaskSuccessReference(feedback, D9, day(10));
        List<Instant> warning = reference.transitions(360, 200, 0.9, 30);
        List<Instant> critical = reference.transitions(360, 200, 0.8, 30);
        assertThat(warning).hasSize(2);
        assertThat(critical).hasSize(2);
        assertThat(warning.get(0)).isAfter(S1).isBefore(critical.get(0));
        assertThat(met(events, "low_task_success")).extracting(TriggerConditionMet::at).containsExactly(warning.get(0));
        assertThat(cleared(events, "low_task_success")).extracting(TriggerConditionCleared::at).containsExactly(warning.get(1));
        assertThat(met(events, "task_success_collapse")).extracting(TriggerConditionMet::at).containsExactly(critical.get(0));
        assertThat(cleared(events, "task_success_collapse")).extracting(TriggerConditionCleared::at)
                .containsExactly(critical.get(1));

        // played live, the same conditions at the same event times
        List<Object> live = monitorEvents("ops-live");
        assertThat(transitions(live, MINUTE_ALERTS, D9, day(10))).isNotEmpty()
                .isEqualTo(transitions(events, MINUTE_ALERTS, D9.plus(Duration.ofHours(1)), D9.plus(Duration.ofHours(9))));
        List<String> taskSuccess = List.of("low_task_success", "task_success_collapse");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                transitions(monitorEvents("fb-live"), taskSuccess, D9, day(10))).hasSize(4));
        assertThat(transitions(monitorEvents("fb-live"), taskSuccess, D9, day(10)))
                .isEqualTo(transitions(events, taskSuccess, D9, day(10)));
    }

    /** Each met or cleared condition of these rules in [from, to) as rule, kind, event time, since and value. */
    static List<String> transitions(List<Object> events, List<String> rules, Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        for (Object e : events) {
            if (e instanceof TriggerConditionMet m && rules.contains(m.rule()) && !m.at().isBefore(from) && m.at().isBefore(to)) {
                out.add(m.rule() + " met " + m.at() + " since " + m.since() + " value " + m.value());
            } else if (e instanceof TriggerConditionCleared c && rules.contains(c.rule()) && !c.at().isBefore(from)
                    && c.at().isBefore(to)) {
                out.add(c.rule() + " cleared " + c.at() + " value " + c.value());
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    static void assertMet(List<Object> events, String rule, List<Instant> at, List<Instant> since) {
        assertThat(met(events, rule)).as(rule).extracting(TriggerConditionMet::at).containsExactlyElementsOf(at);
        assertThat(met(events, rule)).as(rule).extracting(TriggerConditionMet::since).containsExactlyElementsOf(since);
    }

    static void assertCleared(List<Object> events, String rule, List<Instant> at) {
        assertThat(cleared(events, rule)).as(rule).extracting(TriggerConditionCleared::at).containsExactlyElementsOf(at);
    }

    static List<TriggerConditionMet> met(List<Object> events, String rule) {
        return events.stream().filter(e -> e instanceof TriggerConditionMet m && m.rule().equals(rule))
                .map(e -> (TriggerConditionMet) e).sorted(java.util.Comparator.comparing(TriggerConditionMet::at)).toList();
    }

    static List<TriggerConditionCleared> cleared(List<Object> events, String rule) {
        return events.stream().filter(e -> e instanceof TriggerConditionCleared c && c.rule().equals(rule))
                .map(e -> (TriggerConditionCleared) e).sorted(java.util.Comparator.comparing(TriggerConditionCleared::at))
                .toList();
    }

    java.util.Optional<Instant> progress(String agent, String field) {
        Document d = Mono.from(readModels.collection(MonitorEvaluator.PROGRESS).find(Filters.eq("_id", agent)).first())
                .block(Duration.ofSeconds(30));
        Date date = d == null ? null : d.getDate(field);
        return java.util.Optional.ofNullable(date).map(Date::toInstant);
    }

    List<Object> monitorEvents(String agent) {
        List<Object> out = new ArrayList<>();
        eventStore.readEvents(Streams.agentMonitor(agent)).asStream().map(EventMessage::getPayload).forEach(out::add);
        return out;
    }
}
