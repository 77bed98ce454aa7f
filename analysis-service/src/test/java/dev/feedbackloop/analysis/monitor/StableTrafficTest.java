package dev.feedbackloop.analysis.monitor;

import com.mongodb.client.model.Filters;
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
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two weeks of a healthy new agent's traffic with realistic noise (a daily rhythm, binomial successes and errors,
 * varying latency and cost, the odd guardrail trigger), back-filled for one agent and played live, day by day, for
 * another: with every default rule and alert in force, nothing is met, neither at onboarding (no baseline of a few
 * hours, no "24 h" out of one hour) nor later. Failure clustering is off: the chronic failure modes it finds at
 * onboarding are its own tests' business.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, properties = {"platform.monitor.evaluation-interval=500ms",
        // played live, an agent waits for its next step of data: it must not count as idle meanwhile
        "platform.monitor.idle-after=1h",
        "platform.clustering.enabled=false"})
@Import(StableTrafficTest.Interactions.class)
class StableTrafficTest {

    static final Instant START = Instant.parse("2026-10-12T00:00:00Z");
    static final int DAYS = 14;
    static final Instant END = START.plus(Duration.ofDays(DAYS));

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
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-stable").toString());
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;
    @Autowired
    SyntheticInteractions interactions;

    /** Traffic over the day: quiet at night, busiest in the afternoon (UTC). */
    static double rhythm(Instant t) {
        int hour = t.atZone(java.time.ZoneOffset.UTC).getHour();
        return 0.4 + 0.6 * Math.sin(Math.PI * hour / 24.0);
    }

    /** About 40 feedback an hour on average, each with its own noise, seeded by the agent. */
    static List<FeedbackSubmitted> feedback(String agent, long seed) {
        Random r = new Random(seed);
        String[] intents = {"billing", "billing", "billing", "billing", "billing", "refunds", "refunds", "refunds",
                "shipping", "shipping"};
        List<FeedbackSubmitted> out = new ArrayList<>();
        int g = 0;
        for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
            int n = (int) Math.round(57 * rhythm(hour) + r.nextGaussian() * 4);
            for (int i = 0; i < n; i++, g++) {
                Instant at = hour.plusSeconds(r.nextInt(3600));
                boolean completed = r.nextDouble() < 0.95;
                int rating = completed ? 4 + r.nextInt(2) : 2 + r.nextInt(2);
                Thumbs thumbs = r.nextInt(4) == 0 ? (completed ? Thumbs.UP : Thumbs.DOWN) : null;
                String id = agent + "-" + g;
                out.add(new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), at, "u" + r.nextInt(400),
                        "s" + g, new ExplicitFeedback(rating, thumbs, null, null),
                        new ImplicitSignals(completed, r.nextDouble() < 0.2 && !completed, 800L + r.nextInt(4000),
                                r.nextInt(10) == 0 ? 1 : 0, r.nextDouble() < 0.01),
                        new FeedbackMetadata(agent, "1.0", intents[r.nextInt(intents.length)], List.of("crm_lookup"),
                                Map.of("prompt_length", 80 + r.nextInt(500), "channel", r.nextInt(4) == 0 ? "email" : "web"),
                                Map.of()), "fp-" + id, at.plusMillis(20)));
            }
        }
        out.sort(java.util.Comparator.comparing(FeedbackSubmitted::timestamp));
        return out;
    }

    /** About 30 interactions a minute at the day's peak, 0.2 % errors, 600-1500 ms, a guardrail now and then. */
    static SyntheticInteractions.Minute minute(long seed, Instant m) {
        Random r = new Random(seed * 1_000_003L + m.getEpochSecond());
        long requests = Math.max(1, Math.round(45 * rhythm(m) + r.nextGaussian() * 3));
        long errors = 0;
        for (int i = 0; i < requests; i++) {
            errors += r.nextDouble() < 0.002 ? 1 : 0;
        }
        long guardrails = r.nextDouble() < 0.25 ? 1 : 0;
        return new SyntheticInteractions.Minute(requests, errors, 600 + r.nextInt(900), guardrails,
                9_000 + r.nextInt(2_000));
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
    void twoWeeksOfStableTrafficBackFilledOrLiveMeetNoRuleAtAll() {
        publish(feedback("steady-backfill", 1));
        interactions.backFill("steady-backfill", START, END, m -> minute(1, m));

        List<FeedbackSubmitted> live = feedback("steady-live", 2);
        interactions.live("steady-live", START, END, m -> minute(2, m));
        for (int day = 1; day <= DAYS; day++) {
            Instant dayEnd = START.plus(Duration.ofDays(day));
            publish(live.stream().filter(f -> f.timestamp().isBefore(dayEnd)
                    && !f.timestamp().isBefore(dayEnd.minus(Duration.ofDays(1)))).toList());
            interactions.showUpTo("steady-live", dayEnd);
            Instant done = dayEnd.minus(Duration.ofHours(1));
            await().atMost(Duration.ofMinutes(5)).until(() -> evaluatedPast("steady-live", done));
        }
        await().atMost(Duration.ofMinutes(8)).until(() -> evaluatedPast("steady-backfill", END.minus(Duration.ofHours(1))));

        for (String agent : List.of("steady-backfill", "steady-live")) {
            List<TriggerConditionMet> met = new ArrayList<>();
            eventStore.readEvents(Streams.agentMonitor(agent)).asStream().map(EventMessage::getPayload)
                    .filter(e -> e instanceof TriggerConditionMet).forEach(e -> met.add((TriggerConditionMet) e));
            assertThat(met).as(agent + ": " + met).isEmpty();
        }
    }

    /** Every track of the agent (hourly and minute, feedback and interactions) evaluated past t. */
    boolean evaluatedPast(String agent, Instant t) {
        Document d = Mono.from(readModels.collection(MonitorEvaluator.PROGRESS).find(Filters.eq("_id", agent)).first())
                .block(Duration.ofSeconds(30));
        if (d == null) {
            return false;
        }
        return past(d, MonitorEvaluator.FEEDBACK_MINUTES, t) && past(d, MonitorEvaluator.INTERACTION_MINUTES, t)
                && past(d, "evaluated_up_to", t.minus(Duration.ofHours(1)))
                && past(d, MonitorEvaluator.INTERACTION_HOURS, t.minus(Duration.ofHours(1)));
    }

    static boolean past(Document d, String field, Instant t) {
        return Optional.ofNullable(d.getDate(field)).map(Date::toInstant).map(p -> !p.isBefore(t)).orElse(false);
    }
}
