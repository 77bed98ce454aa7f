package dev.feedbackloop.analysis.monitor;

import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.kernel.analysis.TriggerConditionCleared;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackMetadata;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.Thumbs;
import dev.feedbackloop.kernel.feedback.TraceId;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of negative feedback, then silence: with no feedback arriving, the clock still moves the evaluation on,
 * and the feedback-threshold condition clears once the burst leaves its 24-hour window.
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, properties = {"platform.monitor.evaluation-interval=1s", "platform.clustering.enabled=false",
        "platform.monitor.idle-after=2s"})
class QuietSystemTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-quiet").toString());
    }

    @Autowired
    EventStore eventStore;

    @Test
    void aQuietSystemStillEvaluatesOnTheClockAndClearsAConditionWhoseWindowEmptied() {
        Instant burst = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.HOURS);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "quiet-" + i;
            FeedbackSubmitted e = new FeedbackSubmitted(FeedbackId.of(id), TraceId.of("tr-" + id), burst.plusSeconds(i * 10L),
                    "u" + i, "s" + i, new ExplicitFeedback(1, Thumbs.DOWN, "useless", null), null,
                    new FeedbackMetadata("quiet-bot", "1.0", "billing", List.of(), Map.of(), Map.of()), "fp-" + id,
                    burst.plusSeconds(i * 10L));
            events.add(new GenericDomainEventMessage<>("Feedback", id, 0, e));
        }
        eventStore.publish(events);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                monitorEvents().stream().anyMatch(e -> e instanceof TriggerConditionCleared));
        List<Object> events2 = monitorEvents();
        TriggerConditionMet met = events2.stream().filter(e -> e instanceof TriggerConditionMet).map(e -> (TriggerConditionMet) e)
                .filter(m -> m.rule().equals("feedback_threshold")).findFirst().orElseThrow();
        assertThat(met.scope()).isEqualTo(Map.of("agent_id", "quiet-bot", "intent_category", "billing"));
        assertThat(met.at()).isEqualTo(burst.plus(Duration.ofHours(1)));
        assertThat(met.value()).isEqualTo(150.0);
        TriggerConditionCleared cleared = events2.stream().filter(e -> e instanceof TriggerConditionCleared)
                .map(e -> (TriggerConditionCleared) e).findFirst().orElseThrow();
        assertThat(cleared.rule()).isEqualTo("feedback_threshold");
        // the burst's hour leaves the window [H - 24h, H) at H = burst + 25h
        assertThat(cleared.at()).isEqualTo(burst.plus(Duration.ofHours(25)));
    }

    private List<Object> monitorEvents() {
        List<Object> out = new ArrayList<>();
        eventStore.readEvents(dev.feedbackloop.kernel.common.Streams.agentMonitor("quiet-bot")).asStream().map(EventMessage::getPayload).forEach(out::add);
        return out;
    }
}
