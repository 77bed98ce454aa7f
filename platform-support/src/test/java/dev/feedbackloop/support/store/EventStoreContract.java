package dev.feedbackloop.support.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.feedbackloop.kernel.feedback.FeedbackSubmitted;
import dev.feedbackloop.kernel.feedback.ExplicitFeedback;
import dev.feedbackloop.kernel.feedback.FeedbackId;
import dev.feedbackloop.support.privacy.DataSubjects;
import dev.feedbackloop.support.privacy.PersonalDataKeys;
import dev.feedbackloop.support.privacy.PersonalDataSerializer;
import dev.feedbackloop.support.privacy.PersonalFields;
import dev.feedbackloop.support.secrets.SecretBox;
import dev.feedbackloop.support.serialization.SerializationConfiguration;
import dev.feedbackloop.support.serialization.StoredFormat;
import dev.feedbackloop.support.testing.SampleEvents;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the platform needs from its SQL store, run against each vendor: the migrations, appends and reads,
 * duplicate detection, atomic batches, gap-aware tracking, token claims, sagas and dead letters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStoreContract {

    EventStoreConfiguration.PooledDataSource dataSource;
    JdbcEventStorageEngine engine;
    TransactionManager transactions;
    ConnectionProvider connections;
    Serializer general;
    Serializer events;
    DataSubjects subjects;
    PersonalDataKeys keys;
    SecretBox testBox;

    abstract String jdbcUrl();

    abstract String username();

    abstract String vendorLocation();

    void cleanUp() {
    }

    @BeforeAll
    void openStore() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(username());
        config.setMaximumPoolSize(8);
        dataSource = new EventStoreConfiguration.PooledDataSource(new HikariDataSource(config));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendorLocation()).load().migrate();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        connections = new SpringDataSourceConnectionProvider(dataSource);
        SerializationConfiguration serialization = new SerializationConfiguration();
        general = serialization.serializer();
        byte[] platformKey = new byte[32];
        new java.security.SecureRandom().nextBytes(platformKey);
        SecretBox box = new SecretBox(platformKey);
        testBox = box;
        subjects = new DataSubjects(box.derive("data-subject"));
        keys = new PersonalDataKeys(dataSource, box, Clock.systemUTC(), Duration.ZERO);
        events = new PersonalDataSerializer(SerializationConfiguration.jsonEventSerializer(), StoredFormat.eventMapper(),
                PersonalFields.ALL, () -> subjects, () -> keys);
        engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .eventSerializer(events)
                .snapshotSerializer(general)
                .persistenceExceptionResolver(new EventStoreConfiguration().persistenceExceptionResolver())
                .readEventDataWithGaps(new IndexedGapReads())
                .build();
    }

    @AfterAll
    void closeStore() {
        dataSource.close();
        cleanUp();
    }

    static DomainEventMessage<?> event(String aggregate, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Feedback", aggregate, sequence, payload);
    }

    static String newId() {
        return "agg-" + UUID.randomUUID();
    }

    @Test
    void migrationsAreIdempotent() {
        var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendorLocation())
                .load().migrate();
        assertThat(result.migrationsExecuted).isZero();
    }

    @Test
    void aTransactionTakesAConnectionFromThePoolOnlyWhenItFirstRunsAStatement() {
        String id = newId();
        List<Integer> active = new ArrayList<>();
        transactions.executeInTransaction(() -> {
            active.add(dataSource.activeConnections());
            engine.appendEvents(event(id, 0, SampleEvents.assessmentDeleted()));
            active.add(dataSource.activeConnections());
        });
        active.add(dataSource.activeConnections());
        assertThat(active).containsExactly(0, 1, 0);
        assertThat(engine.readEvents(id).asStream().count()).isEqualTo(1);
    }

    @Test
    void appendedEventsReadBackInOrderWithTheirPayload() {
        String id = newId();
        FeedbackSubmitted payload = SampleEvents.feedbackSubmitted("fb-" + id);
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, payload), event(id, 1, payload)));
        DomainEventStream stream = engine.readEvents(id);
        List<DomainEventMessage<?>> read = new ArrayList<>();
        stream.forEachRemaining(read::add);
        assertThat(read).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        assertThat(read.get(0).getPayload()).isEqualTo(payload);
    }

    @Test
    void reusingAnAggregateIdentifierIsRecognisedAsSuch() {
        String id = newId();
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, SampleEvents.assessmentDeleted())));
        assertThatThrownBy(() -> transactions.executeInTransaction(
                () -> engine.appendEvents(event(id, 0, SampleEvents.assessmentDeleted()))))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void aSecondAppendAtALaterSequenceIsAConcurrencyConflict() {
        String id = newId();
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, SampleEvents.assessmentDeleted()),
                event(id, 1, SampleEvents.assessmentDeleted())));
        assertThatThrownBy(() -> transactions.executeInTransaction(
                () -> engine.appendEvents(event(id, 1, SampleEvents.assessmentDeleted()))))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void aBatchWithOneDuplicateStoresNothing() {
        String existing = newId();
        transactions.executeInTransaction(() -> engine.appendEvents(event(existing, 0, SampleEvents.assessmentDeleted())));
        String fresh1 = newId();
        String fresh2 = newId();
        assertThatThrownBy(() -> transactions.executeInTransaction(() -> engine.appendEvents(
                event(fresh1, 0, SampleEvents.assessmentDeleted()),
                event(existing, 0, SampleEvents.assessmentDeleted()),
                event(fresh2, 0, SampleEvents.assessmentDeleted()))))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(engine.readEvents(fresh1).hasNext()).isFalse();
        assertThat(engine.readEvents(fresh2).hasNext()).isFalse();
    }

    @Test
    void anEventCommittedLateWithALowerIndexIsStillDelivered() throws Exception {
        TrackingToken start = engine.createHeadToken();
        String slow = newId();
        String fast = newId();
        whileCommittingLate(slow, fast, () -> null);
        Set<String> seen = engine.readEvents(start, false).limit(100)
                .map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .collect(Collectors.toSet());
        assertThat(seen).contains(slow, fast);
    }

    @Test
    void aTrackingTokenSurvivesAndOnlyItsOwnerMayUpdateIt() {
        JdbcTokenStore owner1 = JdbcTokenStore.builder().connectionProvider(connections).serializer(general)
                .nodeId("node-1").build();
        JdbcTokenStore owner2 = JdbcTokenStore.builder().connectionProvider(connections).serializer(general)
                .nodeId("node-2").build();
        String processor = "contract-" + UUID.randomUUID();
        transactions.executeInTransaction(() -> owner1.initializeTokenSegments(processor, 2));
        transactions.executeInTransaction(() -> owner1.storeToken(new GlobalSequenceTrackingToken(42), processor, 0));
        TrackingToken fetched = transactions.fetchInTransaction(() -> owner1.fetchToken(processor, 0));
        assertThat(fetched).isEqualTo(new GlobalSequenceTrackingToken(42));
        assertThatThrownBy(() -> transactions.executeInTransaction(() -> owner2.fetchToken(processor, 0)))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThat(transactions.fetchInTransaction(() -> owner2.fetchToken(processor, 1))).isNull();
    }

    @Test
    void sagasAreFoundByTheirAssociations() {
        JdbcSagaStore store = JdbcSagaStore.builder().connectionProvider(connections).serializer(general).build();
        String sagaId = UUID.randomUUID().toString();
        AssociationValue key = new AssociationValue("incident", "inc-" + sagaId);
        AssociationValues values = new AssociationValuesImpl(Set.of(key));
        transactions.executeInTransaction(() -> store.insertSaga(ContractSaga.class, sagaId, new ContractSaga("open"), values.asSet()));
        assertThat(store.findSagas(ContractSaga.class, key)).containsExactly(sagaId);
        var entry = store.loadSaga(ContractSaga.class, sagaId);
        assertThat(entry.saga().state).isEqualTo("open");
    }

    @Test
    void deadLettersArePersisted() throws Exception {
        JdbcSequencedDeadLetterQueue<org.axonframework.eventhandling.EventMessage<?>> queue =
                JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup("contract-" + UUID.randomUUID())
                        .connectionProvider(connections)
                        .transactionManager(transactions)
                        .genericSerializer(general)
                        .eventSerializer(events)
                        .build();
        queue.enqueue("sequence-1", new GenericDeadLetter<>("sequence-1",
                GenericEventMessage.asEventMessage(SampleEvents.assessmentDeleted()), new IllegalStateException("boom")));
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.contains("sequence-1")).isTrue();
    }

    @Test
    void theProducersStreamOpensEachEventOnceForEveryProcessorWhileAReplayOpensOnlyWhatItUses() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        ReadOnceStorageEngine onceEngine = new ReadOnceStorageEngine(countingEngine(opened));
        TrackingToken start = engine.createHeadToken();
        List<FeedbackSubmitted> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = newId();
            FeedbackSubmitted payload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), "user-" + id, "words " + i);
            written.add(payload);
            transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, payload)));
        }

        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> shared =
                onceEngine.readEvents(start, true).limit(3).toList();
        int openedByTheProducer = opened.get();
        assertThat(openedByTheProducer).as("payload and metadata of each event").isEqualTo(6);
        ExecutorService processors = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Object>>> reads = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                reads.add(processors.submit(() -> shared.stream().map(e -> (Object) e.getPayload()).toList()));
            }
            for (Future<List<Object>> read : reads) {
                assertThat(read.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(written);
            }
        } finally {
            processors.shutdownNow();
        }
        assertThat(opened.get()).isEqualTo(openedByTheProducer);

        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> replay =
                onceEngine.readEvents(start, false).limit(3).toList();
        assertThat(opened.get()).as("a replay's events stay closed until used").isEqualTo(openedByTheProducer);
        assertThat(replay.get(0).getPayload()).isEqualTo(written.get(0));
        assertThat(opened.get()).isEqualTo(openedByTheProducer + 1);
    }

    @Test
    void processorsCatchingUpFromOnePlaceShareTheirReadsAndOpenEachPayloadOnce() {
        AtomicInteger opened = new AtomicInteger();
        ReadOnceStorageEngine shared = new ReadOnceStorageEngine(countingEngine(opened), () -> 0L);
        TrackingToken start = engine.createHeadToken();
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String id = newId();
            batch.add(event(id, 0, withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), "user-" + id, "words " + i)));
        }
        transactions.executeInTransaction(() -> engine.appendEvents(batch));

        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> first = shared.readEvents(start, false).limit(250).toList();
        first.forEach(org.axonframework.eventhandling.EventMessage::getPayload);
        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> second = shared.readEvents(start, false).limit(250).toList();
        second.forEach(org.axonframework.eventhandling.EventMessage::getPayload);

        assertThat(second).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactlyElementsOf(batch.stream().map(DomainEventMessage::getAggregateIdentifier).toList());
        for (int i = 0; i < 250; i++) {
            assertThat(second.get(i)).isSameAs(first.get(i));
        }
        assertThat(opened.get()).as("each payload opened once for both readers").isEqualTo(250);
    }

    @Test
    void aReaderThatPassedAnUncommittedEventReceivesItOnceCommittedAndThenWhatFollows() throws Exception {
        TrackingToken start = engine.createHeadToken();
        String slow = newId();
        String fast = newId();
        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> readBeforeTheCommit =
                whileCommittingLate(slow, fast, () -> engine.readEvents(start, false).limit(1).toList());
        TrackingToken afterFast = readBeforeTheCommit.get(0).trackingToken();
        assertThat(((org.axonframework.eventhandling.GapAwareTrackingToken) afterFast).getGaps())
                .as("the reader waits for the position it passed").isNotEmpty();
        String next = newId();
        transactions.executeInTransaction(() -> engine.appendEvents(event(next, 0, SampleEvents.assessmentDeleted())));

        List<String> later = engine.readEvents(afterFast, false).limit(2)
                .map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier()).toList();

        assertThat(later).containsExactly(slow, next);
    }

    @Test
    void theProducerOpeningItsStreamDropsCatchUpChunksNobodyAskedForLately() {
        AtomicLong now = new AtomicLong();
        ReadOnceStorageEngine shared = new ReadOnceStorageEngine(engine, now::get);
        TrackingToken start = engine.createHeadToken();
        for (int i = 0; i < 3; i++) {
            String id = newId();
            transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, SampleEvents.assessmentDeleted())));
        }
        shared.readEvents(start, false).limit(3).toList();
        assertThat(shared.keptCatchUpChunks()).isPositive();

        shared.readEvents(start, true).limit(1).toList();
        assertThat(shared.keptCatchUpChunks()).as("asked for just now").isPositive();

        now.addAndGet(SharedCatchUpReads.IDLE_CHUNK_LIFE.toNanos() + 1);
        shared.readEvents(start, true).limit(1).toList();
        assertThat(shared.keptCatchUpChunks()).isZero();
    }

    @Test
    void anEventCommittedLateReachesAReaderGivenChunksReadBeforeItsCommit() throws Exception {
        ReadOnceStorageEngine shared = new ReadOnceStorageEngine(engine, () -> 0L); // chunks never grow old
        TrackingToken start = engine.createHeadToken();
        String slow = newId();
        String fast = newId();
        List<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> readBeforeTheCommit =
                whileCommittingLate(slow, fast, () -> shared.readEvents(start, false).limit(1).toList());
        assertThat(readBeforeTheCommit).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier()).containsExactly(fast);

        List<String> later = shared.readEvents(start, false).limit(2)
                .map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier()).toList();

        assertThat(later).containsExactly(fast, slow);
    }

    /**
     * Appends {@code slow} in a transaction left open, then {@code fast}, which takes a higher index and commits first;
     * calls {@code meanwhile} and only then commits {@code slow}. Returns what {@code meanwhile} returned.
     */
    private <T> T whileCommittingLate(String slow, String fast, java.util.concurrent.Callable<T> meanwhile) throws Exception {
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<?> slowCommit = executor.submit(() -> transactions.executeInTransaction(() -> {
                engine.appendEvents(event(slow, 0, SampleEvents.assessmentDeleted()));
                appended.countDown();
                await(mayCommit);
            }));
            assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
            transactions.executeInTransaction(() -> engine.appendEvents(event(fast, 0, SampleEvents.assessmentDeleted())));
            T result = meanwhile.call();
            mayCommit.countDown();
            slowCommit.get(10, TimeUnit.SECONDS);
            return result;
        } finally {
            mayCommit.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void theProducersMessagesCarryWhatWasStoredOpenedWithoutTheStoredBytes() {
        AtomicInteger serialized = new AtomicInteger();
        Serializer counting = new DelegatingSerializer(events) {
            @Override
            public <T> org.axonframework.serialization.SerializedObject<T> serialize(Object object, Class<T> type) {
                serialized.incrementAndGet();
                return super.serialize(object, type);
            }
        };
        JdbcEventStorageEngine plain = JdbcEventStorageEngine.builder()
                .connectionProvider(connections).transactionManager(transactions)
                .eventSerializer(counting).snapshotSerializer(general)
                .readEventDataWithGaps(new IndexedGapReads()).build();
        ReadOnceStorageEngine onceEngine = new ReadOnceStorageEngine(plain);
        TrackingToken start = engine.createHeadToken();
        for (int i = 0; i < 2; i++) {
            String id = newId();
            DomainEventMessage<?> written = new GenericDomainEventMessage<>("Feedback", id, 0,
                    withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), "user-" + id, "words " + i),
                    Map.of("request_id", "req-" + i));
            transactions.executeInTransaction(() -> engine.appendEvents(List.of(written)));
        }

        List<? extends TrackedEventMessage<?>> stored = plain.readEvents(start, false).limit(2).toList();
        List<? extends TrackedEventMessage<?>> produced = onceEngine.readEvents(start, true).limit(2).toList();

        assertThat(produced).hasSize(2);
        for (int i = 0; i < 2; i++) {
            TrackedEventMessage<?> was = stored.get(i);
            TrackedEventMessage<?> now = produced.get(i);
            assertThat(now.getIdentifier()).isEqualTo(was.getIdentifier());
            assertThat(now.getPayloadType()).isEqualTo(was.getPayloadType());
            assertThat((Object) now.getPayload()).isEqualTo(was.getPayload());
            assertThat(now.getMetaData()).isEqualTo(was.getMetaData()).containsEntry("request_id", "req-" + i);
            assertThat(now.getTimestamp()).isEqualTo(was.getTimestamp());
            assertThat(now.trackingToken()).isEqualTo(was.trackingToken());
            DomainEventMessage<?> domain = (DomainEventMessage<?>) now;
            assertThat(domain.getAggregateIdentifier()).isEqualTo(((DomainEventMessage<?>) was).getAggregateIdentifier());
            assertThat(domain.getSequenceNumber()).isZero();
            assertThat(domain.getType()).isEqualTo("Feedback");
        }
        // a message that still holds its row hands those bytes back when asked for its payload in the store's form;
        // an opened one holds only the payload, so the serializer has to run again
        stored.get(0).serializePayload(counting, byte[].class);
        assertThat(serialized).as("the plain stream's message keeps its stored bytes").hasValue(0);
        produced.get(0).serializePayload(counting, byte[].class);
        assertThat(serialized).as("the producer's message keeps no stored bytes").hasValue(1);
    }

    private JdbcEventStorageEngine countingEngine(AtomicInteger opened) {
        Serializer counting = new DelegatingSerializer(events) {
            @Override
            public <S, T> T deserialize(org.axonframework.serialization.SerializedObject<S> serializedObject) {
                opened.incrementAndGet();
                return super.deserialize(serializedObject);
            }
        };
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections).transactionManager(transactions)
                .eventSerializer(counting).snapshotSerializer(general)
                .readEventDataWithGaps(new IndexedGapReads()).build();
    }

    @Test
    void personalFieldsAreStoredSealedAndReadBackWhileTheSubjectsKeyExists() throws Exception {
        String id = newId();
        String user = "user-" + id;
        FeedbackSubmitted payload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), user,
                "call me on my private line");
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, payload)));

        String stored = storedPayload(id);
        assertThat(stored).doesNotContain(user).doesNotContain("private line").doesNotContain("quick and right")
                .contains(PersonalDataSerializer.FIELD).contains(subjects.of(user));
        assertThat(engine.readEvents(id).next().getPayload()).isEqualTo(payload);
    }

    @Test
    void destroyingTheSubjectsKeyErasesTheirFieldsFromEveryRead() {
        String id = newId();
        String user = "user-" + id;
        FeedbackSubmitted payload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), user,
                "my card is 4111 1111 1111 1111");
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, payload)));

        Instant erasedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(keys.destroy(subjects.of(user), erasedAt)).isTrue();
        // the erasure is on record with its time, for data that was received before it and is stored after it
        assertThat(keys.erasedSince(erasedAt)).containsEntry(subjects.of(user), erasedAt);
        assertThat(keys.erasedSince(erasedAt.plusMillis(1))).doesNotContainKey(subjects.of(user));

        FeedbackSubmitted read = (FeedbackSubmitted) engine.readEvents(id).next().getPayload();
        assertThat(read.userId()).isNull();
        assertThat(read.sessionId()).isNull();
        assertThat(read.explicitFeedback().comment()).isNull();
        assertThat(read.explicitFeedback().correction()).isEmpty();
        assertThat(read.metadata().attributes()).isEmpty();
        // what is not personal is unchanged, so every metric counts the erased feedback as before
        assertThat(read.explicitFeedback().rating()).isEqualTo(payload.explicitFeedback().rating());
        assertThat(read.isNegativeSignal()).isEqualTo(payload.isNegativeSignal());
        assertThat(read.metadata().inputFeatures()).isEqualTo(payload.metadata().inputFeatures());
        assertThat(read.fingerprint()).isEqualTo(payload.fingerprint());
    }

    @Test
    void aSubjectComingBackAfterErasureGetsANewKeyAndOnlyTheNewDataReads() {
        String user = "user-" + newId();
        String before = newId();
        String after = newId();
        transactions.executeInTransaction(() -> engine.appendEvents(event(before, 0,
                withUserAndText(SampleEvents.feedbackSubmitted("fb-" + before), user, "old words"))));
        keys.destroy(subjects.of(user), Instant.now());
        FeedbackSubmitted fresh = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + after), user, "new words");
        transactions.executeInTransaction(() -> engine.appendEvents(event(after, 0, fresh)));

        assertThat(((FeedbackSubmitted) engine.readEvents(before).next().getPayload()).explicitFeedback().comment()).isNull();
        assertThat(engine.readEvents(after).next().getPayload()).isEqualTo(fresh);
    }

    @Test
    void preparingAGroupsSubjectsCreatesEachMissingKeyOnceAndKeepsTheExistingOnes() throws Exception {
        String known = "user-" + newId();
        String knownEvent = newId();
        FeedbackSubmitted knownPayload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + knownEvent), known,
                "sealed before the group");
        transactions.executeInTransaction(() -> engine.appendEvents(event(knownEvent, 0, knownPayload)));
        String fresh = "user-" + newId();
        String other = "user-" + newId();
        List<String> group = java.util.Arrays.asList(subjects.of(known), subjects.of(fresh), subjects.of(other),
                subjects.of(fresh), null);

        keys.prepare(group);
        // a second instance (its own cache) preparing an overlapping group finds the keys instead of making others
        new PersonalDataKeys(dataSource, testBox, Clock.systemUTC(), Duration.ZERO)
                .prepare(List.of(subjects.of(other), subjects.of(known)));

        assertThat(keyRows(subjects.of(known), subjects.of(fresh), subjects.of(other))).isEqualTo(3);
        assertThat(engine.readEvents(knownEvent).next().getPayload()).isEqualTo(knownPayload);
        String freshEvent = newId();
        FeedbackSubmitted freshPayload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + freshEvent), fresh,
                "sealed under the prepared key");
        transactions.executeInTransaction(() -> engine.appendEvents(event(freshEvent, 0, freshPayload)));
        assertThat(keyRows(subjects.of(fresh))).isEqualTo(1);
        assertThat(engine.readEvents(freshEvent).next().getPayload()).isEqualTo(freshPayload);
    }

    private int keyRows(String... subjectNames) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM personal_data_key WHERE subject IN ("
                     + String.join(", ", java.util.Collections.nCopies(subjectNames.length, "?")) + ")")) {
            for (int i = 0; i < subjectNames.length; i++) {
                count.setString(i + 1, subjectNames[i]);
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void feedbackWithoutAUserIsStoredAsBefore() throws Exception {
        String id = newId();
        FeedbackSubmitted payload = withUserAndText(SampleEvents.feedbackSubmitted("fb-" + id), null, "anonymous words");
        transactions.executeInTransaction(() -> engine.appendEvents(event(id, 0, payload)));

        assertThat(storedPayload(id)).contains("anonymous words").doesNotContain(PersonalDataSerializer.FIELD);
        assertThat(engine.readEvents(id).next().getPayload()).isEqualTo(payload);
    }

    static FeedbackSubmitted withUserAndText(FeedbackSubmitted e, String user, String correction) {
        return new FeedbackSubmitted(e.feedbackId(), e.traceId(), e.timestamp(), user, e.sessionId(),
                new ExplicitFeedback(1, null, e.explicitFeedback().comment(), correction), e.implicitSignals(),
                e.metadata(), e.fingerprint(), e.receivedAt());
    }

    private String storedPayload(String aggregate) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ?")) {
            select.setString(1, aggregate);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return new String(rows.getBytes(1), StandardCharsets.UTF_8);
            }
        }
    }

    /** A minimal saga state: what the trigger service's sagas will store. */
    static class ContractSaga {
        String state;

        ContractSaga() {
        }

        ContractSaga(String state) {
            this.state = state;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
