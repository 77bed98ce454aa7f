package dev.feedbackloop.feedback.command;

import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.SubmitFeedback;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import dev.feedbackloop.support.store.EventStoreConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import dev.feedbackloop.feedback.privacy.FeedbackRedaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Stores feedback and answers only once it is durable. Idempotency rests on the event store: a feedback_id that
 * is already stored fails the append, and only then is the stored fingerprint read to tell a retry (same
 * answer, nothing stored) from a conflict. Callers run these blocking methods off the web threads.
 */
@Service
public class FeedbackIngestion {

    private static final Logger log = LoggerFactory.getLogger(FeedbackIngestion.class);

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final TransactionManager transactions;

    private final FeedbackRedaction redaction;
    private final ObjectProvider<DataSubjects> subjects;
    private final ObjectProvider<PersonalDataKeys> keys;

    public FeedbackIngestion(CommandGateway commands, EventStore eventStore, TransactionManager transactions,
                             FeedbackRedaction redaction, ObjectProvider<DataSubjects> subjects,
                             ObjectProvider<PersonalDataKeys> keys) {
        this.redaction = redaction;
        this.subjects = subjects;
        this.keys = keys;
        this.commands = commands;
        this.eventStore = eventStore;
        this.transactions = transactions;
    }

    public SubmissionOutcome submit(SubmitFeedback sent) {
        SubmitFeedback command = redaction.apply(sent);
        try {
            commands.sendAndWait(command);
            return SubmissionOutcome.accepted(command.feedbackId());
        } catch (RuntimeException e) {
            if (!isAlreadyStored(e)) {
                throw e;
            }
            return compareWithStored(command);
        }
    }

    /**
     * Stores a batch in one transaction (one multi-row append). If anything in it was stored before, the whole
     * transaction rolls back and each item goes through {@link #submit} on its own, which sorts out duplicates
     * and conflicts item by item. Results are in the order of {@code batch}.
     */
    public List<SubmissionOutcome> submitAll(List<SubmitFeedback> batch) {
        List<SubmitFeedback> firsts = new ArrayList<>(batch.size());
        Set<FeedbackId> seen = new HashSet<>();
        for (SubmitFeedback command : batch) {
            if (seen.add(command.feedbackId())) {
                firsts.add(command);
            }
        }
        if (firsts.size() > 1) {
            prepareSubjectKeys(firsts);
        }
        boolean storedTogether = firsts.size() > 1 && tryInOneTransaction(firsts);
        List<SubmissionOutcome> outcomes = new ArrayList<>(batch.size());
        Set<FeedbackId> done = new HashSet<>();
        for (SubmitFeedback command : batch) {
            if (storedTogether && done.add(command.feedbackId())) {
                outcomes.add(SubmissionOutcome.accepted(command.feedbackId()));
            } else {
                outcomes.add(submit(command));
            }
        }
        return outcomes;
    }

    /**
     * Creates the keys of the group's new data subjects together (one commit), so that sealing each feedback's
     * personal fields finds its key cached instead of committing one key per new user on the writer's path.
     */
    private void prepareSubjectKeys(List<SubmitFeedback> group) {
        DataSubjects names = subjects.getIfAvailable();
        PersonalDataKeys store = keys.getIfAvailable();
        if (names == null || store == null) {
            return;
        }
        Set<String> groupSubjects = new HashSet<>();
        for (SubmitFeedback command : group) {
            String subject = names.of(command.content().userId());
            if (subject != null) {
                groupSubjects.add(subject);
            }
        }
        store.prepare(groupSubjects);
    }

    private boolean tryInOneTransaction(List<SubmitFeedback> commandsToStore) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("feedback-batch"));
        try {
            unitOfWork.attachTransaction(transactions);
            for (SubmitFeedback command : commandsToStore) {
                commands.sendAndWait(redaction.apply(command));
            }
            unitOfWork.commit();
            return true;
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            if (!isAlreadyStored(e)) {
                log.debug("Batch append failed, storing item by item", e);
            }
            return false;
        }
    }

    private SubmissionOutcome compareWithStored(SubmitFeedback command) {
        DomainEventStream stream = eventStore.readEvents(command.feedbackId().value());
        if (!stream.hasNext()) {
            throw new IllegalStateException("feedback " + command.feedbackId() + " was reported stored but has no events");
        }
        Object payload = stream.next().getPayload();
        if (payload instanceof FeedbackSubmitted stored && Objects.equals(stored.fingerprint(), command.fingerprint())) {
            return SubmissionOutcome.accepted(command.feedbackId());
        }
        return SubmissionOutcome.conflict(command.feedbackId());
    }

    public static boolean isAlreadyStored(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AggregateStreamCreationException || t instanceof ConcurrencyException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return EventStoreConfiguration.isDuplicateKey(error);
    }
}
