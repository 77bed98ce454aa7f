package dev.feedbackloop.feedback.meters;

import dev.feedbackloop.feedback.command.FeedbackIngestion;
import dev.feedbackloop.feedback.command.GroupCommitter;
import dev.feedbackloop.feedback.command.SubmissionOutcome;
import dev.feedbackloop.feedback.interaction.InteractionIngestion;
import dev.feedbackloop.feedback.otlp.SpoolDrain;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.config.PlatformProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IngestMetersTest {

    /** Stores nothing until the test opens the gate, so the group commit's queue fills. */
    static class GatedIngestion extends FeedbackIngestion {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch writing = new CountDownLatch(1);

        GatedIngestion() {
            super(null, null, null, null, null, null);
        }

        @Override
        public List<SubmissionOutcome> submitAll(List<SubmitFeedback> batch) {
            writing.countDown();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch.stream().map(c -> SubmissionOutcome.accepted(c.feedbackId())).toList();
        }
    }

    final MeterRegistry registry = new SimpleMeterRegistry();
    final GatedIngestion ingestion = new GatedIngestion();
    final GroupCommitter committer = new GroupCommitter(ingestion, new Binder(new MapConfigurationPropertySource(Map.of(
            "platform.ingest.writers", "1", "platform.ingest.queue-capacity", "2")))
            .bindOrCreate("platform", PlatformProperties.class));
    final IngestMeters meters = new IngestMeters(beans(registry).getBeanProvider(MeterRegistry.class), committer,
            beans(null).getBeanProvider(InteractionIngestion.class), beans(null).getBeanProvider(SpoolDrain.class));

    @AfterEach
    void release() throws InterruptedException {
        ingestion.gate.countDown();
        committer.destroy();
    }

    @Test
    void theQueueDepthGaugeShowsTheGroupCommitFillingUpToTheCapacityWhereItRefuses() throws Exception {
        assertThat(gauge(IngestMeters.QUEUE_CAPACITY)).isEqualTo(2);
        committer.submit(command("first"));
        assertThat(ingestion.writing.await(10, TimeUnit.SECONDS)).isTrue();
        committer.submit(command("second"));
        committer.submit(command("third"));
        assertThat(gauge(IngestMeters.QUEUE_DEPTH)).isEqualTo(2);

        CompletableFuture<SubmissionOutcome> refused = committer.submit(command("fourth"));
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((ok, e) -> e).get()).isInstanceOf(RejectedExecutionException.class);

        ingestion.gate.countDown();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gauge(IngestMeters.QUEUE_DEPTH) == 0);
    }

    @Test
    void eachIngestionRequestIsCountedOnceByItsAnswerAndOtherRequestsNotAtAll() {
        answer(MockServerHttpRequest.post("/api/v1/feedback"), HttpStatus.SERVICE_UNAVAILABLE);
        answer(MockServerHttpRequest.post("/api/v1/feedback"), HttpStatus.ACCEPTED);
        answer(MockServerHttpRequest.post("/api/v1/feedback/batch"), HttpStatus.OK);
        answer(MockServerHttpRequest.post("/api/v1/feedback/batch"), HttpStatus.PAYLOAD_TOO_LARGE);
        answer(MockServerHttpRequest.post("/v1/traces"), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        answer(MockServerHttpRequest.post("/api/v1/interactions"), HttpStatus.CONFLICT);
        answer(MockServerHttpRequest.get("/api/v1/feedback/fb-1"), HttpStatus.OK);
        answer(MockServerHttpRequest.post("/api/v1/traces/t-1/assessments"), HttpStatus.ACCEPTED);

        assertThat(rejected("feedback", "overloaded")).isEqualTo(1);
        assertThat(accepted("feedback")).isEqualTo(1);
        assertThat(accepted("feedback_batch")).isEqualTo(1);
        assertThat(rejected("feedback_batch", "too_large")).isEqualTo(1);
        assertThat(rejected("otlp", "unsupported_media_type")).isEqualTo(1);
        assertThat(rejected("interactions", "conflict")).isEqualTo(1);
        assertThat(registry.find(IngestMeters.ACCEPTED).counters().stream().mapToDouble(c -> c.count()).sum())
                .as("every accepted request, all sources").isEqualTo(2);
        assertThat(registry.find(IngestMeters.REJECTED).counters()).hasSize(4);
    }

    private void answer(MockServerHttpRequest.BaseBuilder<?> request, HttpStatus status) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        meters.filter(exchange, e -> {
            e.getResponse().setStatusCode(status);
            return e.getResponse().setComplete();
        }).block();
    }

    private double accepted(String source) {
        return registry.get(IngestMeters.ACCEPTED).tag("source", source).counter().count();
    }

    private double rejected(String source, String reason) {
        return registry.get(IngestMeters.REJECTED).tag("source", source).tag("reason", reason).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).tag("queue", "feedback").gauge().value();
    }

    private static SubmitFeedback command(String id) {
        return new SubmitFeedback(FeedbackId.of(id), null, "fp", null);
    }

    private static DefaultListableBeanFactory beans(Object bean) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (bean != null) {
            beans.registerSingleton("bean", bean);
        }
        return beans;
    }
}
