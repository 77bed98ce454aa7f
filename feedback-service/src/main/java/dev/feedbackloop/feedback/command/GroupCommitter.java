package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.config.PlatformProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for single submissions. Requests that arrive while a transaction is in flight queue up; each
 * writer thread takes whatever is queued (up to a limit) and stores it in one transaction through
 * {@link FeedbackIngestion#submitAll}. Nobody waits for a timer: under light load a group is one request, under
 * heavy load one commit serves dozens. Every caller is answered only after the commit holding its item.
 * A full queue is refused at once, so the platform sheds load instead of accepting what it cannot store.
 */
@Component
public class GroupCommitter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private record Pending(SubmitFeedback command, CompletableFuture<SubmissionOutcome> result) {
    }

    private final FeedbackIngestion ingestion;
    private final BlockingQueue<Pending> queue;
    private final int maxGroup;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommitter(FeedbackIngestion ingestion, PlatformProperties properties) {
        PlatformProperties.Ingest ingest = properties.ingest();
        this.ingestion = ingestion;
        this.queue = new ArrayBlockingQueue<>(ingest.queueCapacity());
        this.maxGroup = ingest.maxBatchItems();
        for (int i = 0; i < ingest.writers(); i++) {
            Thread writer = new Thread(this::writeGroups, "feedback-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Completes once the feedback is stored (or recognised as stored); fails at once when overloaded. */
    public CompletableFuture<SubmissionOutcome> submit(SubmitFeedback command) {
        CompletableFuture<SubmissionOutcome> result = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(command, result))) {
            result.completeExceptionally(new RejectedExecutionException("ingestion queue is full"));
        }
        return result;
    }

    private void writeGroups() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                store(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void store(List<Pending> group) {
        try {
            List<SubmissionOutcome> outcomes = ingestion.submitAll(group.stream().map(Pending::command).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(outcomes.get(i));
            }
        } catch (RuntimeException groupFailed) {
            // Answer each item on its own so one failure (or a store outage) is reported per request.
            for (Pending pending : group) {
                if (pending.result().isDone()) {
                    continue;
                }
                try {
                    pending.result().complete(ingestion.submit(pending.command()));
                } catch (RuntimeException e) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new RejectedExecutionException("the platform is shutting down"));
        }
        log.debug("Group committer stopped");
    }
}
