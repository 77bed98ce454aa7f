package dev.feedbackloop.support.consistency;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor whose every segment runs in this process is judged by its segments' live statuses, without reading the
 * token table; one whose segments are (also) elsewhere is judged by the table's rows, as another instance stored them.
 */
class ProcessorPositionsTest {

    static final String HERE = "positions-here";

    final JdbcDataSource dataSource = new JdbcDataSource();
    final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    Configuration axon;
    ProcessorPositions positions;

    @ProcessingGroup(HERE)
    static class Handler {
        @EventHandler
        void on(String event) {
        }
    }

    @BeforeEach
    void start() {
        dataSource.setURL("jdbc:h2:mem:positions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new JdbcTemplate(dataSource).execute("CREATE TABLE TokenEntry (processorName VARCHAR(255), segment INT,"
                + " token BLOB, tokenType VARCHAR(255), owner VARCHAR(255), timestamp VARCHAR(255))");
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .eventProcessing(processing -> processing
                        .registerPooledStreamingEventProcessor(HERE, Configuration::eventStore,
                                (c, builder) -> builder.initialSegmentCount(2))
                        .registerEventHandler(c -> new Handler())
                        .registerTokenStore(c -> new InMemoryTokenStore()))
                .buildConfiguration();
        axon.start();
        positions = new ProcessorPositions(dataSource, serializer, axon.eventStore(), axon::eventProcessingConfiguration);
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        new JdbcTemplate(dataSource).execute("SHUTDOWN");
    }

    @Test
    void aProcessorWhollyHereIsJudgedByItsLiveSegmentsThoughTheTokenTableHasNoRowOfIt() {
        for (int i = 0; i < 5; i++) {
            axon.eventBus().publish(GenericEventMessage.asEventMessage("event " + i));
        }
        long newest = positions.head().orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> positions.passed(HERE, newest));
        assertThat(positions.passed(HERE, newest + 1)).as("an event not yet written").isFalse();
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM TokenEntry", Integer.class))
                .as("the live statuses answered, not the table").isZero();
    }

    @Test
    void aProcessorNotRunningHereIsJudgedByTheTokensStoredForEachOfItsSegments() {
        String elsewhere = "positions-elsewhere";
        storeToken(elsewhere, 0, 7);
        storeToken(elsewhere, 1, 3);

        assertThat(positions.passed(elsewhere, 3)).isTrue();
        assertThat(positions.passed(elsewhere, 4)).as("segment 1 is at 3").isFalse();
        assertThat(positions.passed("positions-unknown", 0)).as("a processor without tokens").isFalse();
    }

    @Test
    void aWritesPositionIsNotPassedWhileAStoredEventBelowItIsStillAGapOfTheToken() {
        // the write answered with the head (12) while its own event (10) had committed after the processor read 12
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE DomainEventEntry (globalIndex BIGINT PRIMARY KEY)");
        jdbc.update("INSERT INTO DomainEventEntry VALUES (10), (12)");
        String elsewhere = "positions-gaps";
        storeToken(elsewhere, 0, GapAwareTrackingToken.newInstance(12, Set.of(10L, 11L)));

        assertThat(positions.passed(elsewhere, 12)).as("event 10 is stored and not handled yet").isFalse();
        assertThat(positions.passed(elsewhere, 9)).as("nothing skipped at or below 9").isTrue();

        jdbc.update("DELETE FROM DomainEventEntry WHERE globalIndex = 10");
        assertThat(positions.passed(elsewhere, 12)).as("11 was never stored: an append rolled back").isTrue();
    }

    @Test
    void onlySegmentsThatMakeTheWholeProcessorAnswerForIt() {
        Segment[] halves = Segment.ROOT_SEGMENT.split();
        Segment[] quarters = halves[1].split();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(Segment.ROOT_SEGMENT, false)))).isTrue();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false), status(halves[1], false))))
                .isTrue();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false), status(quarters[0], false),
                status(quarters[1], false)))).isTrue();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false)))).as("the other half elsewhere")
                .isFalse();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false), status(quarters[1], false))))
                .as("a quarter elsewhere").isFalse();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false), status(halves[1], true))))
                .as("a segment in error is judged by its stored token").isFalse();
        assertThat(ProcessorPositions.coverEverySegment(List.of())).isFalse();
        // a half, and a quarter inside it: a quarter is uncovered though the shares add up to one
        Segment[] otherQuarters = halves[0].split();
        assertThat(ProcessorPositions.coverEverySegment(List.of(status(halves[0], false), status(otherQuarters[1], false),
                status(quarters[0], false)))).as("overlapping segments").isFalse();
    }

    private static EventTrackerStatus status(Segment segment, boolean error) {
        return new EventTrackerStatus() {
            public Segment getSegment() { return segment; }
            public boolean isCaughtUp() { return true; }
            public boolean isReplaying() { return false; }
            public boolean isMerging() { return false; }
            public OptionalLong mergeCompletedPosition() { return OptionalLong.empty(); }
            public TrackingToken getTrackingToken() { return new GlobalSequenceTrackingToken(1); }
            public boolean isErrorState() { return error; }
            public Throwable getError() { return error ? new IllegalStateException("failed") : null; }
            public OptionalLong getCurrentPosition() { return OptionalLong.of(1); }
            public OptionalLong getResetPosition() { return OptionalLong.empty(); }
        };
    }

    private void storeToken(String processor, int segment, long position) {
        storeToken(processor, segment, new GlobalSequenceTrackingToken(position));
    }

    private void storeToken(String processor, int segment, TrackingToken stored) {
        var token = serializer.serialize(stored, byte[].class);
        new JdbcTemplate(dataSource).update("INSERT INTO TokenEntry (processorName, segment, token, tokenType)"
                        + " VALUES (?, ?, ?, ?)", processor, segment, token.getData(), token.getType().getName());
        assertThat(new String(token.getData(), StandardCharsets.UTF_8))
                .contains(Long.toString(stored.position().orElseThrow()));
    }
}
