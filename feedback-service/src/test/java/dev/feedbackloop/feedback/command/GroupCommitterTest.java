package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.config.PlatformProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitterTest {

    /** Records the groups it is asked to store; can be told to fail a group or block. */
    static class RecordingIngestion extends FeedbackIngestion {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        volatile String failGroupContaining;
        volatile CountDownLatch gate = new CountDownLatch(0);

        RecordingIngestion() {
            super(null, null, null, null, null, null);
        }

        @Override
        public List<SubmissionOutcome> submitAll(List<SubmitFeedback> batch) {
            await(gate);
            List<String> ids = batch.stream().map(c -> c.feedbackId().value()).toList();
            groups.add(ids);
            if (failGroupContaining != null && ids.contains(failGroupContaining)) {
                throw new IllegalStateException("group append failed");
            }
            return batch.stream().map(c -> SubmissionOutcome.accepted(c.feedbackId())).toList();
        }

        @Override
        public SubmissionOutcome submit(SubmitFeedback command) {
            if (command.feedbackId().value().equals(failGroupContaining)) {
                throw new IllegalStateException("this one cannot be stored");
            }
            return command.feedbackId().value().startsWith("dup") ? SubmissionOutcome.conflict(command.feedbackId())
                    : SubmissionOutcome.accepted(command.feedbackId());
        }
    }

    static PlatformProperties properties(int writers, int capacity) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                "platform.ingest.writers", String.valueOf(writers),
                "platform.ingest.queue-capacity", String.valueOf(capacity)))).bindOrCreate("platform", PlatformProperties.class);
    }

    static SubmitFeedback command(String id) {
        return new SubmitFeedback(FeedbackId.of(id), FeedbackTest.submit(id).content(), "fp", FeedbackTest.AT);
    }

    private final RecordingIngestion ingestion = new RecordingIngestion();
    private GroupCommitter committer;

    @AfterEach
    void stop() throws InterruptedException {
        ingestion.gate.countDown();
        if (committer != null) {
            committer.destroy();
        }
    }

    @Test
    void submissionsQueuedWhileAWriterIsBusyAreStoredTogetherAndEachCallerGetsItsOwnAnswer() throws Exception {
        committer = new GroupCommitter(ingestion, properties(1, 100));
        ingestion.gate = new CountDownLatch(1);
        CompletableFuture<SubmissionOutcome> first = committer.submit(command("fb-0"));
        Thread.sleep(100);
        List<CompletableFuture<SubmissionOutcome>> queued = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            queued.add(committer.submit(command("fb-" + i)));
        }
        ingestion.gate.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).feedbackId().value()).isEqualTo("fb-0");
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(5, TimeUnit.SECONDS).feedbackId().value()).isEqualTo("fb-" + (i + 1));
        }
        assertThat(ingestion.groups).hasSize(2);
        assertThat(ingestion.groups.get(1)).hasSize(10);
    }

    @Test
    void aFailedGroupIsAnsweredItemByItem() throws Exception {
        committer = new GroupCommitter(ingestion, properties(1, 100));
        ingestion.gate = new CountDownLatch(1);
        ingestion.failGroupContaining = "bad";
        CompletableFuture<SubmissionOutcome> blocker = committer.submit(command("fb-first"));
        Thread.sleep(100);
        CompletableFuture<SubmissionOutcome> good = committer.submit(command("fb-good"));
        CompletableFuture<SubmissionOutcome> bad = committer.submit(command("bad"));
        CompletableFuture<SubmissionOutcome> conflict = committer.submit(command("dup-1"));
        ingestion.gate.countDown();
        blocker.get(5, TimeUnit.SECONDS);
        assertThat(good.get(5, TimeUnit.SECONDS).status()).isEqualTo(SubmissionOutcome.Status.ACCEPTED);
        assertThat(conflict.get(5, TimeUnit.SECONDS).status()).isEqualTo(SubmissionOutcome.Status.CONFLICT);
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("this one cannot be stored");
    }

    @Test
    void aFullQueueRefusesAtOnceInsteadOfAcceptingWhatItCannotStore() throws Exception {
        committer = new GroupCommitter(ingestion, properties(1, 2));
        ingestion.gate = new CountDownLatch(1);
        committer.submit(command("fb-busy"));
        Thread.sleep(100);
        committer.submit(command("fb-q1"));
        committer.submit(command("fb-q2"));
        CompletableFuture<SubmissionOutcome> refused = committer.submit(command("fb-q3"));
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void afterShutdownNewSubmissionsAreRefused() throws Exception {
        committer = new GroupCommitter(ingestion, properties(2, 10));
        committer.destroy();
        assertThat(committer.submit(command("fb-late"))).isCompletedExceptionally();
        committer = null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
