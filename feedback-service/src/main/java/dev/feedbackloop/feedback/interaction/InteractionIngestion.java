package dev.feedbackloop.feedback.interaction;

import dev.feedbackloop.feedback.command.FeedbackIngestion;
import dev.feedbackloop.feedback.command.GroupCommit;
import dev.feedbackloop.kernel.interaction.InteractionSpan;
import dev.feedbackloop.kernel.interaction.RecordInteractionSpans;
import dev.feedbackloop.kernel.interaction.StartInteraction;
import dev.feedbackloop.support.ops.BackgroundThreads;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import dev.feedbackloop.support.store.BackgroundTransactions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import javax.sql.DataSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stores the spans of many traces at once: the commands of every request waiting are grouped ({@link GroupCommit}) and
 * stored in one transaction, one command per trace, not per span. Traces the store has no stream for yet (one query
 * per group tells) are created without reading it ({@link StartInteraction}). A group that fails as a whole (two writers creating
 * the same trace's stream at once, a store fault) is stored trace by trace, each retried a few times on a conflict:
 * the aggregate then reads what the other writer stored and folds in only what is new.
 */
@Service
@EnableConfigurationProperties(InteractionSettings.class)
public class InteractionIngestion implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InteractionIngestion.class);
    static final int CONFLICT_RETRIES = 3;
    static final int EXISTENCE_CHECK = 500;

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final GroupCommit<RecordInteractionSpans, SpanOutcome> commits;
    private final GroupCommit<RecordInteractionSpans, SpanOutcome> background;
    private final ObjectProvider<DataSubjects> subjects;
    private final ObjectProvider<PersonalDataKeys> keys;

    public InteractionIngestion(CommandGateway commands, TransactionManager transactions,
                                BackgroundTransactions backgroundTransactions, DataSource dataSource,
                                InteractionSettings settings, ObjectProvider<DataSubjects> subjects,
                                ObjectProvider<PersonalDataKeys> keys) {
        this.commands = commands;
        this.transactions = transactions;
        this.jdbc = new JdbcTemplate(dataSource);
        this.subjects = subjects;
        this.keys = keys;
        this.commits = new GroupCommit<>("interaction-writer", settings.writers(), settings.queueCapacity(),
                settings.maxGroup(), batch -> recordAll(batch, transactions), this::record);
        // the spool keeps each export until its traces are stored: these commits need not wait for the disk
        TransactionManager spooled = backgroundTransactions.axon();
        this.background = new GroupCommit<>(settings.writers(), settings.queueCapacity(), settings.maxGroup(),
                batch -> recordAll(batch, spooled), this::record, BackgroundThreads.factory("interaction-background-writer"));
    }

    /** The writers of requests that wait for their interactions (the JSON door). */
    public GroupCommit<RecordInteractionSpans, SpanOutcome> queue() {
        return commits;
    }

    /** The writers of work nobody waits for (spooled OTLP exports), at the background priority. */
    public GroupCommit<RecordInteractionSpans, SpanOutcome> backgroundQueue() {
        return background;
    }

    /** As {@link #submit(List)}, on the background writers. */
    public List<CompletableFuture<SpanOutcome>> submitInBackground(List<RecordInteractionSpans> batch) {
        return background.submitAll(batch);
    }

    /** One future per command, in order; all fail at once when the queue cannot take them all. */
    public List<CompletableFuture<SpanOutcome>> submit(List<RecordInteractionSpans> batch) {
        return commits.submitAll(batch);
    }

    public CompletableFuture<SpanOutcome> submit(RecordInteractionSpans command) {
        return commits.submit(command);
    }

    /** Every command in one transaction, or none of them (the exception says why). */
    List<SpanOutcome> recordAll(List<RecordInteractionSpans> batch, TransactionManager transactions) {
        if (batch.size() == 1) {
            return List.of(record(batch.get(0)));
        }
        prepareSubjectKeys(batch);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("interaction-batch"));
        try {
            unitOfWork.attachTransaction(transactions);
            Set<String> fresh = newStreams(batch);
            List<SpanOutcome> outcomes = new ArrayList<>(batch.size());
            for (RecordInteractionSpans command : batch) {
                outcomes.add(commands.sendAndWait(fresh.contains(command.stream()) ? new StartInteraction(command) : command));
            }
            unitOfWork.commit();
            return outcomes;
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            log.debug("Storing {} traces together failed, storing them one by one", batch.size(), e);
            throw e;
        }
    }

    /**
     * Creates the keys of the group's new users together (one query and one commit), as the feedback writer does, so
     * that sealing each interaction's personal fields finds its key cached instead of reading, or creating and
     * committing, one key per new user inside the group's transaction.
     */
    private void prepareSubjectKeys(List<RecordInteractionSpans> batch) {
        DataSubjects names = subjects.getIfAvailable();
        PersonalDataKeys store = keys.getIfAvailable();
        if (names == null || store == null) {
            return;
        }
        Set<String> groupSubjects = new HashSet<>();
        for (RecordInteractionSpans command : batch) {
            for (InteractionSpan span : command.spans()) {
                String subject = names.of(span.userId());
                if (subject != null) {
                    groupSubjects.add(subject);
                }
            }
        }
        store.prepare(groupSubjects);
    }

    /**
     * The streams of the batch that its traces start, known from one query for the whole batch instead of a read per
     * trace: most traces arrive whole in one request. A trace twice in the batch is loaded the usual way.
     * <p>
     * A stream exists when its first event (sequence number 0) does. Asking for exactly that names every column of
     * the event table's unique (aggregate, sequence) index, so PostgreSQL looks each id up in the index even before it
     * has statistics for the table. Asked by aggregate alone, a table that autovacuum had not analysed yet (the
     * first minutes of a new store; about 50,000 events after a minute of OTLP load) was scanned whole for every
     * group: 313 sequential scans in a 50 s benchmark, 70-90 ms each against 1 ms through the index.
     */
    private Set<String> newStreams(List<RecordInteractionSpans> batch) {
        Map<String, Integer> times = new HashMap<>();
        batch.forEach(c -> times.merge(c.stream(), 1, Integer::sum));
        List<String> once = times.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).toList();
        if (once.isEmpty()) {
            return Set.of();
        }
        Set<String> fresh = new HashSet<>(once);
        for (int i = 0; i < once.size(); i += EXISTENCE_CHECK) {
            List<String> chunk = once.subList(i, Math.min(once.size(), i + EXISTENCE_CHECK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            fresh.removeAll(jdbc.queryForList("SELECT aggregateIdentifier FROM DomainEventEntry WHERE"
                    + " aggregateIdentifier IN (" + marks + ") AND sequenceNumber = 0", String.class, chunk.toArray()));
        }
        return fresh;
    }

    SpanOutcome record(RecordInteractionSpans command) {
        for (int attempt = 1; ; attempt++) {
            try {
                SpanOutcome outcome = commands.sendAndWait(command);
                return outcome == null ? SpanOutcome.NONE : outcome;
            } catch (RuntimeException e) {
                if (attempt >= CONFLICT_RETRIES || !FeedbackIngestion.isAlreadyStored(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        commits.close();
        background.close();
    }
}
