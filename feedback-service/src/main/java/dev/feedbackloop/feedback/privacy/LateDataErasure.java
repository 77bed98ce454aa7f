package dev.feedbackloop.feedback.privacy;

import dev.feedbackloop.kernel.feedback.ErasePersonalData;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps an erasure whole for data received before it but stored after it. An OTLP export waits in the spool between
 * its answer and its storing; stored as received after its user was erased, its traces would be readable again under
 * a new key (a user coming back after an erasure is served a new key). So such data is stored without the erased
 * users ({@link #erasedSince}), and once stored, any erasure that came while it was being stored is carried out again
 * ({@link #eraseAgain}): that destroys the new key and clears the read models once more, on record as requested by
 * {@link #ACTOR}. Data received after the erasure is the user coming back, and kept.
 */
@Component
public class LateDataErasure {

    private static final Logger log = LoggerFactory.getLogger(LateDataErasure.class);
    /** Who asked, in the erasure's record. */
    public static final String ACTOR = "platform:late-data";

    private final ObjectProvider<PersonalDataKeys> keys;
    private final ObjectProvider<DataSubjects> subjects;
    private final CommandGateway commands;
    private final Clock clock;

    public LateDataErasure(ObjectProvider<PersonalDataKeys> keys, ObjectProvider<DataSubjects> subjects,
                           CommandGateway commands, Clock clock) {
        this.keys = keys;
        this.subjects = subjects;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * Those of {@code userIds} erased at or after {@code receivedAt}: their data received then is stored without them.
     * One indexed query, usually answered by no row (erasures are rare).
     */
    public Set<String> erasedSince(Instant receivedAt, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        Map<String, Instant> erased = keys.getObject().erasedSince(receivedAt);
        if (erased.isEmpty()) {
            return Set.of();
        }
        Set<String> users = new LinkedHashSet<>();
        for (String userId : userIds) {
            String subject = subjects.getObject().of(userId);
            if (subject != null && erased.containsKey(subject)) {
                users.add(userId);
            }
        }
        return users;
    }

    /**
     * Carries out again the erasure of those of {@code userIds} erased at or after {@code receivedAt}: for data that
     * was stored with its user because the erasure came while it was being stored. Completes with how many, once each
     * is recorded.
     */
    public CompletableFuture<Integer> eraseAgain(Instant receivedAt, Collection<String> userIds) {
        Set<String> users = erasedSince(receivedAt, userIds);
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        log.info("{} data subjects were erased while data of theirs received before was being stored; erasing them"
                + " again", users.size());
        Instant now = clock.instant();
        CompletableFuture<?>[] done = users.stream()
                .map(user -> commands.send(new ErasePersonalData(subjects.getObject().of(user), ACTOR, now)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(done).thenApply(ignored -> users.size());
    }
}
