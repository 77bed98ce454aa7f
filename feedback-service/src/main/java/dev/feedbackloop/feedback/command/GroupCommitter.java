package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.config.PlatformProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/**
 * Group commit for single feedback submissions ({@link GroupCommit}): each group is stored in one transaction through
 * {@link FeedbackIngestion#submitAll}, every caller answered after the commit holding its item, a full queue refused
 * at once.
 */
@Component
public class GroupCommitter implements DisposableBean {

    private final GroupCommit<SubmitFeedback, SubmissionOutcome> commits;

    public GroupCommitter(FeedbackIngestion ingestion, PlatformProperties properties) {
        PlatformProperties.Ingest ingest = properties.ingest();
        this.commits = new GroupCommit<>("feedback-writer", ingest.writers(), ingest.queueCapacity(),
                ingest.maxBatchItems(), ingestion::submitAll, ingestion::submit);
    }

    /** Completes once the feedback is stored (or recognised as stored); fails at once when overloaded. */
    public CompletableFuture<SubmissionOutcome> submit(SubmitFeedback command) {
        return commits.submit(command);
    }

    public GroupCommit<SubmitFeedback, SubmissionOutcome> queue() {
        return commits;
    }

    @Override
    public void destroy() throws InterruptedException {
        commits.close();
    }
}
