package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One feedback, keyed by its feedback_id. Submission always creates: the event store's unique
 * (aggregate, sequence) key is what makes a second submission of the same id fail, without a read before
 * every write; {@link FeedbackIngestion} then decides between "same again" and "conflict".
 */
@Aggregate
public class Feedback {

    @AggregateIdentifier
    private FeedbackId feedbackId;
    private String fingerprint;

    protected Feedback() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public void handle(SubmitFeedback command) {
        if (command.content() == null || command.fingerprint() == null || command.receivedAt() == null) {
            throw new IllegalArgumentException("a submission needs content, fingerprint and receipt time");
        }
        apply(FeedbackSubmitted.from(command));
    }

    @EventSourcingHandler
    void on(FeedbackSubmitted event) {
        this.feedbackId = event.feedbackId();
        this.fingerprint = event.fingerprint();
    }

    String fingerprint() {
        return fingerprint;
    }
}
