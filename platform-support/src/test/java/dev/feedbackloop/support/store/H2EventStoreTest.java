package dev.feedbackloop.support.store;

import dev.feedbackloop.support.testing.SampleEvents;
import dev.feedbackloop.support.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on the embedded default: an H2 file with WRITE_DELAY=0. */
class H2EventStoreTest extends EventStoreContract {

    private final Path dataDir = TestDatabases.newDataDir("h2-store");

    @Override
    String jdbcUrl() {
        return EventStoreConfiguration.embeddedUrl(dataDir);
    }

    @Override
    String username() {
        return "sa";
    }

    @Override
    String vendorLocation() {
        return "h2";
    }

    /**
     * A reader still waiting for some positions reads the next batch and those positions from the primary key: the
     * rows H2 looks at stay near the batch's size however many events the store holds (Axon's own statement, one
     * disjunction, made H2 walk the whole table on every such read).
     */
    @Test
    void readingPastGapsLooksOnlyAtTheBatchAndTheGapsNotTheWholeStore() throws Exception {
        List<DomainEventMessage<?>> many = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            many.add(event(newId(), 0, SampleEvents.assessmentDeleted()));
        }
        transactions.executeInTransaction(() -> engine.appendEvents(many));
        long head;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet max = s.executeQuery("SELECT MAX(globalIndex) FROM DomainEventEntry")) {
            max.next();
            head = max.getLong(1);
        }
        int batch = 100;
        List<Long> gaps = List.of(head - 200, head - 150);

        long scanned = 0;
        int rows = 0;
        try (Connection c = dataSource.getConnection()) {
            String sql = IndexedGapReads.sql(new EventSchema(), gaps.size());
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
                IndexedGapReads.bind(explain, head - 120, batch, gaps);
                try (ResultSet plan = explain.executeQuery()) {
                    plan.next();
                    Matcher counts = Pattern.compile("scanCount: (\\d+)").matcher(plan.getString(1));
                    while (counts.find()) {
                        scanned += Long.parseLong(counts.group(1));
                    }
                }
            }
            try (PreparedStatement read = new IndexedGapReads().build(c, new EventSchema(), head - 120, batch, gaps);
                 ResultSet events = read.executeQuery()) {
                long previous = Long.MIN_VALUE;
                while (events.next()) {
                    long index = events.getLong("globalIndex");
                    assertThat(index).isGreaterThan(previous);
                    previous = index;
                    rows++;
                }
            }
        }

        assertThat(rows).as("a batch of the 100 events after the token, and the two gaps, in order").isEqualTo(102);
        assertThat(scanned).as("rows H2 looked at, of %s stored", head).isPositive().isLessThan(200);
    }

    /** A unit of work past its time limit is interrupted; the file H2 writes must not close under everyone else. */
    @Test
    void aWriterInterruptedWhileItCommitsLeavesTheStoreWorking() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS interrupted_writes (n INT)");
            Thread.currentThread().interrupt();
            try {
                s.executeUpdate("INSERT INTO interrupted_writes VALUES (1)");
            } finally {
                Thread.interrupted();
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO interrupted_writes VALUES (2)");
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM interrupted_writes")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }
}
