package dev.feedbackloop.analysis.monitor;

import com.mongodb.client.model.Filters;
import dev.feedbackloop.analysis.AnalysisServiceApplication;
import dev.feedbackloop.analysis.metrics.MetricsProjection;
import dev.feedbackloop.kernel.analysis.TriggerConditionMet;
import dev.feedbackloop.kernel.common.Streams;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.feedbackloop.analysis.monitor.AlertMatrixScenarioTest.D9;
import static dev.feedbackloop.analysis.monitor.AlertMatrixScenarioTest.S1;
import static dev.feedbackloop.analysis.monitor.AlertMatrixScenarioTest.START;
import static dev.feedbackloop.analysis.monitor.AlertMatrixScenarioTest.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent the monitor knows from its traces first, whose feedback then arrives as a back-fill, all of it before the
 * monitor's next run: its feedback is evaluated by the minute from its first feedback, as for an agent that sent
 * feedback first. The monitor runs only when the test calls it, so the order is certain (in
 * {@link AlertMatrixScenarioTest} it is a race, which CI lost once: the minutes were started after the hours the
 * first run evaluated, and the drop in task success was never seen).
 */
@SpringBootTest(classes = AnalysisServiceApplication.class, properties = {"platform.monitor.evaluation-interval=1h",
        "platform.monitor.idle-after=1h", "platform.clustering.enabled=false"})
@Import(AlertMatrixScenarioTest.Interactions.class)
class FeedbackAfterTracesTest {

    static final String AGENT = "traces-first";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("analysis-feedback-after-traces").toString());
    }

    @Autowired
    EventStore eventStore;
    @Autowired
    ReadModelWriter readModels;
    @Autowired
    SyntheticInteractions interactions;
    @Autowired
    MonitorEvaluator monitor;

    @Test
    void feedbackBackFilledForAnAgentKnownByItsTracesIsEvaluatedByTheMinuteFromItsFirstFeedback() {
        interactions.backFill(AGENT, START, day(10), AlertMatrixScenarioTest::shape);
        evaluateUntilDone();
        assertThat(progress(MonitorEvaluator.INTERACTION_MINUTES)).as("the agent is known by its traces").isNotNull();

        List<FeedbackSubmitted> feedback = AlertMatrixScenarioTest.feedback(AGENT);
        for (int i = 0; i < feedback.size(); i += 500) {
            List<DomainEventMessage<?>> chunk = new ArrayList<>();
            feedback.subList(i, Math.min(feedback.size(), i + 500)).forEach(e ->
                    chunk.add(new GenericDomainEventMessage<>("Feedback", e.feedbackId().value(), 0, e)));
            eventStore.publish(chunk);
        }
        Instant last = feedback.get(feedback.size() - 1).timestamp();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            Document w = Mono.from(readModels.collection(MetricsProjection.WATERMARKS).find(Filters.eq("_id", AGENT)).first())
                    .block(Duration.ofSeconds(10));
            return w != null && !w.getDate("max_event_time").toInstant().isBefore(last);
        });
        evaluateUntilDone();

        TaskSuccessReference reference = new TaskSuccessReference(feedback, D9, day(10));
        List<Instant> warning = reference.transitions(360, 200, 0.9, 30);
        assertThat(warning.get(0)).isAfter(S1);
        List<Instant> met = new ArrayList<>();
        eventStore.readEvents(Streams.agentMonitor(AGENT)).asStream().map(EventMessage::getPayload)
                .filter(p -> p instanceof TriggerConditionMet m && m.rule().equals("low_task_success"))
                .forEach(p -> met.add(((TriggerConditionMet) p).at()));
        assertThat(met).containsExactly(warning.get(0));
    }

    private void evaluateUntilDone() {
        for (int run = 0; run < 1_000 && monitor.evaluateAll() > 0; run++) {
            // each run evaluates a bounded number of steps
        }
    }

    private Object progress(String field) {
        Document d = Mono.from(readModels.collection(MonitorEvaluator.PROGRESS).find(Filters.eq("_id", AGENT)).first())
                .block(Duration.ofSeconds(10));
        return d == null ? null : d.get(field);
    }
}
