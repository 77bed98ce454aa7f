package dev.feedbackloop.trigger;

import dev.feedbackloop.kernel.common.Streams;
import dev.feedbackloop.kernel.trigger.EvaluationRunTimedOut;
import dev.feedbackloop.kernel.trigger.RequestEvaluationRun;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The evaluation timeout on the real stack: a persistent db-scheduler deadline, stored with the run's request,
 * fires after the (here short) timeout plus at most one polling interval and times the run out.
 */
@SpringBootTest(classes = TriggerServiceApplication.class, properties =
        "platform.evaluations.timeout=3s")
class EvaluationDeadlineTest {

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("trigger-evaluation-deadline").toString());
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    DeadlineManager deadlines;

    @Test
    void aRunThatNeverEndsTimesOut() {
        assertThat(deadlines.getClass().getSimpleName()).isEqualTo("DbSchedulerDeadlineManager");
        Instant requested = Instant.now();
        commands.sendAndWait(new RequestEvaluationRun("ev-slow", null, "bot-dl", "v1", "golden", "test", requested));
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Object> events = eventStore.readEvents(Streams.evaluationRun("ev-slow")).asStream()
                    .map(m -> (Object) m.getPayload()).toList();
            assertThat(events).hasAtLeastOneElementOfType(EvaluationRunTimedOut.class);
        });
        System.out.printf("evaluation deadline fired %d ms after the request (timeout 3s)%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
